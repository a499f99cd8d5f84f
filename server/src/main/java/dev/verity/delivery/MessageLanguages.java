package dev.verity.delivery;

import java.util.List;

/**
 * The languages Verity has message texts for: every email, SMS and page template has its texts in each of
 * them ({@code mail/messages_<language>.properties}, {@code sms/…}, {@code messages_…}; English is the
 * base bundle). Applications and flows may only name these, with or without a region.
 */
public final class MessageLanguages {

    public static final List<String> SUPPORTED = List.of("en", "es");

    private MessageLanguages() {
    }
}
