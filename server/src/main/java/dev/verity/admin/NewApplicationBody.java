package dev.verity.admin;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * A new application: {@code id} and {@code name} are required, the rest as in {@link ApplicationBody}, with the
 * set-up file's defaults for what is left out (OTP 6 digits for 10 minutes and 5 attempts, English, the default
 * limits, SMS to every country).
 */
record NewApplicationBody(
        @Size(max = 64) String id,
        @Size(min = 1, max = 200) String name,
        @JsonProperty("redirect_uris") @Size(max = 100) List<@Size(max = 2000) String> redirectUris,
        @Size(min = 1, max = 20) List<@Size(min = 2, max = 35) String> languages,
        @Valid ApplicationBody.Otp otp,
        @Size(max = 6) Map<String, String> limits,
        @JsonProperty("sms_countries") @Size(max = 250) List<String> smsCountries) {
}
