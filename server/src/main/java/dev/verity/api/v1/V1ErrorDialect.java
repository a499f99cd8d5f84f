package dev.verity.api.v1;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.verity.shared.ApiErrorDialect;

/** Transmit's error body for everything under {@code /v1} that no v1 controller answered. */
@Component
class V1ErrorDialect implements ApiErrorDialect {

    @Override
    public String pathPrefix() {
        return "/v1";
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpStatus status) {
        V1Error error = V1Error.of(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.message());
        body.put("error_code", error.errorCode());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
