package dev.verity.onboarding;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON objects of registrations and validations, in Verifik's field names, as both the v2 responses and
 * the webhook events carry them. Never contains a code.
 */
public final class OnboardingViews {

    private OnboardingViews() {
    }

    public static Map<String, Object> registration(AppRegistration r) {
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
        m.put("status", r.status());
        m.put("step", r.step());
        m.put("createdAt", iso(r.createdAt()));
        m.put("updatedAt", iso(r.updatedAt()));
        return m;
    }

    public static Map<String, Object> validation(Validation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", v.id());
        m.put("status", v.status());
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

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
