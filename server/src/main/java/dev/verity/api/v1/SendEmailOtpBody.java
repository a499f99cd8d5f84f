package dev.verity.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

record SendEmailOtpBody(
        @NotBlank(message = "email should not be empty") @ValidEmail(message = "email must be an email") String email,
        @Valid @JsonProperty("email_content") EmailContentBody emailContent) {
}
