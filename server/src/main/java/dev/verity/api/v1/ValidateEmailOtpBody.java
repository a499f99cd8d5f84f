package dev.verity.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record ValidateEmailOtpBody(
        @NotBlank(message = "email should not be empty") @ValidEmail(message = "email must be an email") String email,
        @NotBlank(message = "passcode should not be empty")
        @Size(max = 16, message = "passcode must be shorter than or equal to 16 characters") String passcode,
        @JsonProperty("update_primary") Boolean updatePrimary) {

    /** Never shows the passcode: Spring logs request bodies at DEBUG (SECURITY.md rule 3). */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[email=" + email + ", passcode=***]";
    }

    boolean shouldUpdatePrimary() {
        return Boolean.TRUE.equals(updatePrimary);
    }
}
