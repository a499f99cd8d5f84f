package dev.verity.tenancy;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.verity.delivery.MessageLanguages;

/**
 * The checks that the set-up file and the admin API share, so that neither accepts what the other refuses:
 * SMS countries are ISO 3166-1 alpha-2 codes (an unknown code would silently refuse every SMS), languages are
 * well-formed BCP 47 tags of a language Verity has message texts for (RFC 5646; otherwise mail would quietly
 * fall back to another language).
 */
final class SettingRules {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

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
}
