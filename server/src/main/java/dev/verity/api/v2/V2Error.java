package dev.verity.api.v2;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Verifik's error body: {@code {"code":"<key>","message":"<status>:<key>"}}. */
record V2Error(String code, String message) {

    static ResponseEntity<V2Error> of(HttpStatus status, String key) {
        return ResponseEntity.status(status).body(new V2Error(key, status.value() + ":" + key));
    }

    /** The error for a status whose cause has nothing more to say (unknown route, wrong method, refused body…). */
    static ResponseEntity<V2Error> of(HttpStatus status) {
        return of(status, key(status));
    }

    /**
     * Keys for request errors that Verifik does not document: {@code route_not_found} (404),
     * {@code method_not_allowed} (405), {@code not_acceptable} (406), {@code payload_too_large} (413),
     * {@code unsupported_media_type} (415); otherwise the status name in lower case.
     */
    static String key(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "route_not_found";
            case CONTENT_TOO_LARGE -> "payload_too_large";
            case UNAUTHORIZED -> "invalid_token";
            case INTERNAL_SERVER_ERROR -> "internal_error";
            default -> status.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static ResponseEntity<V2Error> of(HttpStatus status, String code, String key) {
        return ResponseEntity.status(status).body(new V2Error(code, status.value() + ":" + key));
    }
}
