package dev.verity.api.v2;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.verity.shared.ApiErrorDialect;

/** Verifik's error body for everything under {@code /v2} that no v2 controller answered. */
@Component
class V2ErrorDialect implements ApiErrorDialect {

    @Override
    public String pathPrefix() {
        return "/v2";
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpStatus status) {
        V2Error error = V2Error.of(status).getBody();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", error.code());
        body.put("message", error.message());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
