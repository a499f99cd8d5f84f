package dev.verity.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.Size;

/** The part of Transmit's create-user body that Verity keeps; other fields are accepted and ignored. */
record CreateUserBody(
        @ValidEmail(message = "email must be an email") String email,
        @Size(max = 32, message = "phone_number must be a valid phone number")
        @JsonProperty("phone_number") String phoneNumber) {
}
