package dev.verity.api.v1;

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
}
