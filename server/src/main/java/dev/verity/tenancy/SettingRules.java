package dev.verity.tenancy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.verity.delivery.MessageLanguages;

/**
 * The checks that the set-up file and the admin API share, so that neither accepts what the other refuses:
 * SMS countries are ISO 3166-1 alpha-2 codes (an unknown code would silently refuse every SMS), languages are
 * well-formed BCP 47 tags of a language Verity has message texts for (RFC 5646; otherwise mail would quietly
 * fall back to another language), and a v1 webhook's secret is a Standard Webhooks key (otherwise every delivery
 * would fail to sign, long after it was saved).
 */
final class SettingRules {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final String WEBHOOK_SECRET_PREFIX = "whsec_";

    private SettingRules() {
    }

    /** The codes as given, each checked; upper case is required, as ISO 3166-1 writes them. */
    static List<String> countries(String key, List<String> codes) {
        for (String code : codes) {
            if (code == null || !COUNTRIES.contains(code)) {
                throw new InvalidSettingException(key, "must be ISO 3166-1 alpha-2 country codes such as US or ES");
            }
        }
        return List.copyOf(codes);
    }

    /** The tags in canonical form ({@code es-mx} becomes {@code es-MX}), each checked. */
    static List<String> languages(String key, List<String> tags) {
        if (tags.isEmpty()) {
            throw new InvalidSettingException(key, "must name at least one language");
        }
        List<String> canonical = new ArrayList<>();
        for (String tag : tags) {
            canonical.add(language(key, tag));
        }
        return List.copyOf(canonical);
    }

    static String language(String key, String tag) {
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag == null ? "" : tag).build();
        } catch (IllformedLocaleException e) {
            locale = Locale.ROOT;
        }
        if (!MessageLanguages.SUPPORTED.contains(locale.getLanguage())) {
            throw new InvalidSettingException(key, "must be BCP 47 language tags of a language Verity has texts for: "
                    + String.join(", ", MessageLanguages.SUPPORTED));
        }
        return locale.toLanguageTag();
    }

    /**
     * A Standard Webhooks signing secret: {@code whsec_} and the base64 of 24 to 64 bytes, the key sizes the
     * specification allows. The message never quotes the value.
     */
    static String webhookSecret(String key, String secret) {
        String reason = "must be whsec_ followed by the base64 of 24 to 64 random bytes";
        if (secret == null || !secret.startsWith(WEBHOOK_SECRET_PREFIX)) {
            throw new InvalidSettingException(key, reason);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.substring(WEBHOOK_SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, reason);
        }
        if (bytes.length < 24 || bytes.length > 64) {
            throw new InvalidSettingException(key, reason);
        }
        return secret;
    }

    /** The events a v1 webhook subscribes to, by name; absent means all of them. */
    static Set<ApplicationWebhook.Event> webhookEvents(String key, List<String> names) {
        if (names == null) {
            return EnumSet.allOf(ApplicationWebhook.Event.class);
        }
        if (names.isEmpty()) {
            throw new InvalidSettingException(key, "must name at least one event (leave it out for all)");
        }
        Set<ApplicationWebhook.Event> events = EnumSet.noneOf(ApplicationWebhook.Event.class);
        for (String name : names) {
            events.add(ApplicationWebhook.Event.of(name).orElseThrow(() -> new InvalidSettingException(key,
                    "must be contact.verified, verification.failed or verification.sent")));
        }
        return events;
    }
}
