package dev.verity.api.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.ModelAndView;

import dev.verity.shared.ApiErrorDialect;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Boot's {@code /error} page, where the servlet container sends every error no controller answered
 * ({@code sendError} from Spring MVC for unknown routes and wrong methods, the security firewall's refusals, a
 * body refused before dispatch). Under an API's prefix the answer is that API's error shape, in JSON whatever the
 * client accepts; everywhere else (pages, actuator) Spring Boot's own answer stays.
 */
@Controller
class ApiErrorController extends BasicErrorController {

    private final List<ApiErrorDialect> dialects;
    private final JsonMapper json;

    ApiErrorController(ErrorAttributes errorAttributes, WebProperties web, ObjectProvider<ErrorViewResolver> views,
            List<ApiErrorDialect> dialects, JsonMapper json) {
        super(errorAttributes, web.getError(), views.orderedStream().toList());
        this.dialects = List.copyOf(dialects);
        this.json = json;
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        return dialectError(request).orElseGet(() -> super.error(request));
    }

    /** A browser's Accept header does not turn an API error into an HTML page. */
    @Override
    public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
        Optional<ResponseEntity<Map<String, Object>>> error = dialectError(request);
        if (error.isEmpty()) {
            return super.errorHtml(request, response);
        }
        write(error.get(), response);
        return null;
    }

    private Optional<ResponseEntity<Map<String, Object>>> dialectError(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(uri instanceof String path)) {
            return Optional.empty();
        }
        String withinApp = path.substring(Math.min(path.length(), request.getContextPath().length()))
                .replaceAll("/{2,}", "/");
        HttpStatus status = getStatus(request);
        return dialects.stream().filter(dialect -> dialect.answersFor(withinApp)).findFirst()
                .map(dialect -> dialect.error(status));
    }

    private void write(ResponseEntity<Map<String, Object>> error, HttpServletResponse response) {
        response.setStatus(error.getStatusCode().value());
        HttpHeaders headers = error.getHeaders();
        headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        try {
            json.writeValue(response.getOutputStream(), error.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
