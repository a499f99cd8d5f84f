package dev.verity.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A v2 project flow as the admin API writes it: the set-up file's fields, all required but the webhook. */
record FlowBody(
        @Pattern(regexp = "onboarding|login", message = "type must be onboarding or login") String type,
        @JsonProperty("public") Boolean isPublic,
        @JsonProperty("email_gateway") @Pattern(regexp = "email|none", message = "email_gateway must be email or none")
        String emailGateway,
        @JsonProperty("phone_gateway") @Pattern(regexp = "sms|whatsapp|none", message = "phone_gateway must be sms, whatsapp or none")
        String phoneGateway,
        @JsonProperty("webhook_url") @Size(max = 2000) String webhookUrl,
        @JsonProperty("webhook_secret") @Pattern(regexp = "whsec_[A-Za-z0-9+/=]{16,200}",
                message = "webhook_secret must be a whsec_ secret") String webhookSecret,
        @JsonProperty("redirect_url") @Size(max = 2000) String redirectUrl,
        @Size(min = 2, max = 35) String language,
        @JsonProperty("allowed_countries") @Size(max = 250) List<String> allowedCountries,
        Boolean demo,
        @JsonProperty("demo_otp") @Pattern(regexp = "\\d{6}", message = "demo_otp must be 6 digits") String demoOtp) {
}
