package dev.verity.api.v2;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Verifik's error body: {@code {"code":"<key>","message":"<status>:<key>"}}. */
record V2Error(String code, String message) {

    static ResponseEntity<V2Error> of(HttpStatus status, String key) {
        return ResponseEntity.status(status).body(new V2Error(key, status.value() + ":" + key));
    }

    static ResponseEntity<V2Error> of(HttpStatus status, String code, String key) {
        return ResponseEntity.status(status).body(new V2Error(code, status.value() + ":" + key));
    }
}
