package dev.verity.admin;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.verity.tenancy.Application;

/**
 * An application as the admin API shows it, in the set-up file's syntax: durations in Spring's simple form
 * ({@code 10m}) and limits as the set-up file's {@code limits} mapping, so what is read can be written back.
 */
record ApplicationView(String id, String name, @JsonProperty("redirect_uris") List<String> redirectUris,
        List<String> languages, Otp otp, Map<String, String> limits, @JsonProperty("sms_countries") List<String> smsCountries) {

    record Otp(int length, String ttl, @JsonProperty("max_attempts") int maxAttempts) {
    }

    static ApplicationView of(Application app) {
        return new ApplicationView(app.id(), app.name(), app.redirectUris(), app.languages(),
                new Otp(app.otp().length(), app.otp().ttl().toSeconds() + "s", app.otp().maxAttempts()),
                app.limits().asMap(), app.smsCountries());
    }
}
