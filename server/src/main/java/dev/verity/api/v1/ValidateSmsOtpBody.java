package dev.verity.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record ValidateSmsOtpBody(
        @NotBlank(message = "phone_number should not be empty")
        @ValidPhone(message = "phone_number must be a valid phone number")
        @JsonProperty("phone_number") String phoneNumber,
        @NotBlank(message = "passcode should not be empty")
        @Size(max = 16, message = "passcode must be shorter than or equal to 16 characters") String passcode,
        @JsonProperty("update_primary") Boolean updatePrimary) {

    /** Never shows the passcode: Spring logs request bodies at DEBUG (SECURITY.md rule 3). */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[phoneNumber=" + phoneNumber + ", passcode=***]";
    }

    boolean shouldUpdatePrimary() {
        return Boolean.TRUE.equals(updatePrimary);
    }
}
