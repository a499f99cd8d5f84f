package dev.verity.api.v2;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.verity.onboarding.AppRegistration;
import dev.verity.onboarding.Validation;

/**
 * The JSON objects of registrations and validations, in Verifik's field names, as both the v2 responses and
 * the v2 webhook events ({@link V2WebhookFormat}) carry them. Never contains a code.
 */
final class OnboardingViews {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private OnboardingViews() {
    }

    static Map<String, Object> registration(AppRegistration r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", r.id());
        m.put("project", r.applicationId());
        m.put("projectFlow", r.flowId());
        m.put("email", r.email());
        m.put("phone", r.phone());
        m.put("countryCode", r.countryCode());
        m.put("fullName", r.fullName());
        m.put("firstName", r.firstName());
        m.put("lastName", r.lastName());
        m.put("language", r.language());
        m.put("status", r.status().name());
        m.put("step", r.step() == null ? null : r.step().wireName());
        m.put("createdAt", iso(r.createdAt()));
        m.put("updatedAt", iso(r.updatedAt()));
        return m;
    }

    static Map<String, Object> validation(Validation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", v.id());
        m.put("status", v.status().wireName());
        if (v.kind() == Validation.Kind.EMAIL) {
            m.put("email", v.destination());
        } else {
            m.put("phone", v.phone());
            m.put("countryCode", v.countryCode());
            m.put("fullPhone", v.destination());
        }
        m.put("type", v.type());
        m.put("validationMethod", v.method());
        m.put("project", v.applicationId());
        m.put("projectFlow", v.flowId());
        m.put("appRegistration", v.registrationId());
        m.put("expiresAt", iso(v.expiresAt()));
        m.put("validatedAt", iso(v.validatedAt()));
        m.put("createdAt", iso(v.createdAt()));
        m.put("updatedAt", iso(v.updatedAt()));
        return m;
    }

    /**
     * ISO-8601 UTC with exactly three fraction digits, as Verifik (a JavaScript {@code Date}) prints them;
     * {@link Instant#toString()} would print 0, 3, 6 or 9 digits depending on the value.
     */
    private static String iso(Instant instant) {
        return instant == null ? null : MILLIS.format(instant);
    }
}
