package dev.verity.tenancy;

import java.util.List;
import java.util.Locale;

/**
 * An application of a tenant: the {@code app_id} of its tokens and the v2 "project". Its name fills
 * {@code {app}} in messages; its first language is the default for messages when the caller sends no
 * usable {@code Accept-Language}.
 */
public record Application(String id, String tenantId, String name, OtpPolicy otp, List<String> languages,
        List<String> redirectUris, Limits limits, List<String> smsCountries) {

    public Application {
        languages = List.copyOf(languages);
        redirectUris = List.copyOf(redirectUris);
        limits = limits == null ? Limits.DEFAULT : limits;
        smsCountries = smsCountries == null ? List.of() : List.copyOf(smsCountries);
    }

    /** An application with the default limits and SMS to every country. */
    public Application(String id, String tenantId, String name, OtpPolicy otp, List<String> languages,
            List<String> redirectUris) {
        this(id, tenantId, name, otp, languages, redirectUris, Limits.DEFAULT, List.of());
    }

    /**
     * The language for a message to this application's user: the best match of the caller's
     * {@code Accept-Language} (RFC 9110 §12.5.4) among the application's languages, else its first language.
     */
    public String chooseLanguage(String acceptLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                String match = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), languages);
                if (match != null) {
                    return match;
                }
            } catch (RuntimeException malformedHeader) {
                // an unparseable header counts as absent (the JDK throws more than IllegalArgumentException here)
            }
        }
        return languages.isEmpty() ? "en" : languages.get(0);
    }
}
