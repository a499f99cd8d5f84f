package dev.verity.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * A partial update of an application: fields left out keep their value; {@code redirect_uris} replaces the list.
 * Countries, languages and limits are checked by the tenancy service, as for the set-up file.
 */
record ApplicationBody(
        @Size(min = 1, max = 200) String name,
        @JsonProperty("redirect_uris") @Size(max = 100) List<@Size(max = 2000) String> redirectUris,
        @Size(min = 1, max = 20) List<@Size(min = 2, max = 35) String> languages,
        @Valid Otp otp,
        @Size(max = 6) java.util.Map<String, String> limits,
        @JsonProperty("sms_countries") @Size(max = 250) List<String> smsCountries) {

    record Otp(@Min(4) @Max(8) Integer length, String ttl,
            @JsonProperty("max_attempts") @Min(1) @Max(20) Integer maxAttempts) {
    }
}
