package dev.verity.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Transmit's SMS send body. {@code custom_message} is at most 140 characters and must carry both
 * placeholders; {@code sender_id} is an alphanumeric sender of at most 11 letters, digits or spaces.
 */
record SendSmsOtpBody(
        @NotBlank(message = "phone_number should not be empty")
        @ValidPhone(message = "phone_number must be a valid phone number")
        @JsonProperty("phone_number") String phoneNumber,
        @Size(max = 140, message = "custom_message must be shorter than or equal to 140 characters")
        @JsonProperty("custom_message") String customMessage,
        @Pattern(regexp = "[A-Za-z0-9 ]{1,11}", message = "sender_id must be at most 11 letters, digits or spaces")
        @JsonProperty("sender_id") String senderId) {

    @AssertTrue(message = "custom_message must contain the {otp} and {app} placeholders")
    boolean isCustomMessageComplete() {
        return customMessage == null || (customMessage.contains("{otp}") && customMessage.contains("{app}"));
    }
}
