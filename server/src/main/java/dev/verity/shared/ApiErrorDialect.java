package dev.verity.shared;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * One API's error shape for errors that none of its controllers answered: an unknown route, a wrong method, a
 * body refused before any controller ran, a URL the firewall rejected. Each dialect registers one for its path
 * prefix, and the error controller ({@code api.platform.ApiErrorController}) uses it in place of Spring Boot's default error body, so every answer
 * under that prefix is in the dialect's shape.
 */
public interface ApiErrorDialect {

    /** The path prefix this dialect answers for, such as {@code /v1}; the prefix itself and everything below it. */
    String pathPrefix();

    /**
     * The dialect's error for {@code status}, with its content type and headers, built from the status alone:
     * nothing of the failed request (or of an exception) reaches the body.
     */
    ResponseEntity<Map<String, Object>> error(HttpStatus status);

    /** True when {@code path} (without context path) is the prefix or below it. */
    default boolean answersFor(String path) {
        String prefix = pathPrefix();
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + ";");
    }
}
