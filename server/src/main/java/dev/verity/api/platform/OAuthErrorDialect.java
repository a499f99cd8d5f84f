package dev.verity.api.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.verity.shared.ApiErrorDialect;

/**
 * RFC 6749 §5.2 errors for everything under {@code /oidc} that the token endpoint did not answer itself: an
 * unknown route, a wrong method, a refused body. A client error is {@code invalid_request}, as §5.2 has no more
 * specific code for any of them.
 */
@Component
class OAuthErrorDialect implements ApiErrorDialect {

    @Override
    public String pathPrefix() {
        return "/oidc";
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpStatus status) {
        ResponseEntity<Map<String, Object>> error = TokenEndpoint.error(status, code(status), description(status));
        return ResponseEntity.status(status).headers(error.getHeaders()).contentType(MediaType.APPLICATION_JSON)
                .body(new LinkedHashMap<>(error.getBody()));
    }

    private static String code(HttpStatus status) {
        if (status == HttpStatus.UNAUTHORIZED) {
            return "invalid_client";
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            return "temporarily_unavailable";
        }
        return status.is4xxClientError() ? "invalid_request" : "server_error";
    }

    static String description(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "no such endpoint";
            case METHOD_NOT_ALLOWED -> "the token endpoint accepts POST only";
            case NOT_ACCEPTABLE -> "responses are application/json";
            case CONTENT_TOO_LARGE -> "request body is too large";
            case UNSUPPORTED_MEDIA_TYPE -> "the body must be application/x-www-form-urlencoded";
            case BAD_REQUEST -> "the request is malformed";
            case UNAUTHORIZED -> "client authentication failed";
            case SERVICE_UNAVAILABLE -> "try again shortly";
            default -> status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
