package dev.verity.verification;

import java.util.Locale;

/**
 * How a secret reaches the person. Stored and handed to delivery as {@link #wireName()}. A paid channel
 * (a phone number's) runs under the destination rules and the daily budget of SECURITY.md rule 12.
 */
public enum Channel {
    EMAIL(false), SMS(true), WHATSAPP(true);

    private final boolean paid;

    Channel(boolean paid) {
        this.paid = paid;
    }

    public boolean paid() {
        return paid;
    }

    /** The lower-case name: the challenge's {@code channel} column and delivery's channel kind. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
