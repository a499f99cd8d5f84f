package dev.verity.shared;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A form body Tomcat could not parse (over {@code server.tomcat.max-http-form-post-size}, too many parameters,
 * broken percent-encoding) surfaces as an {@link InvalidParameterException} from the first {@code getParameter}
 * call, wherever that happens. It is the caller's mistake, so it is answered with Tomcat's own 4xx status through
 * the error page (and so in the dialect of the path, see {@link ApiErrorController}) and logged as one WARN line
 * without the exception's text, which can quote parameter values. Left alone it would escape the servlet and be
 * logged at ERROR with a stack trace on every such request. Runs before the dialects' catch-all handlers, which
 * would otherwise take it for a server failure.
 */
@Component
class UnreadableParametersResolver implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UnreadableParametersResolver.class);

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        if (!(ex instanceof InvalidParameterException invalid)) {
            return null;
        }
        int status = invalid.getErrorCode() >= 400 && invalid.getErrorCode() < 500
                ? invalid.getErrorCode() : HttpStatus.BAD_REQUEST.value();
        // not the URI: a magic link's path is its secret
        log.warn("Refused a {} request to {}: unreadable request parameters ({})", request.getMethod(), target(handler),
                status);
        try {
            response.sendError(status);
        } catch (IOException e) {
            // the client went away; nothing is left to answer
        }
        return new ModelAndView();
    }

    private static String target(Object handler) {
        return handler instanceof HandlerMethod method
                ? method.getBeanType().getSimpleName() + "." + method.getMethod().getName()
                : "no handler";
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
