package dev.verity.shared;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Request parameters that cannot be read surface lazily, from the first {@code getParameter} call wherever that
 * happens (Spring asks for a form's parameters even on a JSON endpoint): a form body Tomcat could not parse (over
 * {@code server.tomcat.max-http-form-post-size}, too many parameters, broken percent-encoding) as an
 * {@link InvalidParameterException}, a parameter name or value Spring Security's firewall refuses as a
 * {@link RequestRejectedException}. Both are the caller's mistake, so they are answered with a 4xx (Tomcat's own
 * status, or 400) through the error page — and so in the dialect of the path, see the error controller ({@code api.platform.ApiErrorController}) — and
 * logged as one WARN line without the exception's text, which quotes parameter names and values. Left alone they
 * would be taken for server failures by the dialects' catch-all handlers (500, ERROR with a stack trace on every
 * such request), so this runs before them.
 */
@Component
class UnreadableRequestResolver implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UnreadableRequestResolver.class);

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        int status;
        if (ex instanceof InvalidParameterException invalid) {
            status = invalid.getErrorCode() >= 400 && invalid.getErrorCode() < 500
                    ? invalid.getErrorCode() : HttpStatus.BAD_REQUEST.value();
        } else if (ex instanceof RequestRejectedException) {
            status = HttpStatus.BAD_REQUEST.value();
        } else {
            return null;
        }
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
