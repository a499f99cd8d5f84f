package dev.verity.api.v1;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The WhatsApp send body: as SMS's, without a sender id (WhatsApp shows the business account).
 * {@code custom_message} is at most 140 characters and must carry both placeholders.
 */
record SendWhatsAppOtpBody(
        @NotBlank(message = "phone_number should not be empty")
        @ValidPhone(message = "phone_number must be a valid phone number")
        @JsonProperty("phone_number") String phoneNumber,
        @Size(max = 140, message = "custom_message must be shorter than or equal to 140 characters")
        @JsonProperty("custom_message") String customMessage) {

    @AssertTrue(message = "custom_message must contain the {otp} and {app} placeholders")
    boolean isCustomMessageComplete() {
        return customMessage == null || (customMessage.contains("{otp}") && customMessage.contains("{app}"));
    }
}
