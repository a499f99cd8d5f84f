package dev.verity.api.v1;

import org.springframework.http.HttpStatus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Transmit's error body: {@code message} (a string, or an array of field problems for a 400 on the body),
 * {@code error_code} (the HTTP status) and, for passcode errors, {@code error_type}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record V1Error(Object message, @JsonProperty("error_code") int errorCode, @JsonProperty("error_type") String errorType) {

    static V1Error of(int status, Object message) {
        return new V1Error(message, status, null);
    }

    /** The error for a status whose cause has nothing more to say (unknown route, wrong method, refused body…). */
    static V1Error of(HttpStatus status) {
        return of(status.value(), message(status));
    }

    static String message(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "Bad request";
            case UNAUTHORIZED -> "Invalid token";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not found";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case NOT_ACCEPTABLE -> "Responses are application/json";
            case CONTENT_TOO_LARGE -> "Request body is too large";
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type must be application/json";
            case TOO_MANY_REQUESTS -> "Too many requests";
            case SERVICE_UNAVAILABLE -> "Service temporarily unavailable";
            case INTERNAL_SERVER_ERROR -> "Internal server error";
            default -> status.getReasonPhrase();
        };
    }
}
