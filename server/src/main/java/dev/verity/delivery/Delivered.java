package dev.verity.delivery;

/**
 * The end of a message's delivery: which provider took it and the message's id there, or, when the channel
 * handed the secret to another channel instead, the note recorded on the row and the message that replaces it
 * (queued in the same transaction that records this result).
 */
public record Delivered(String provider, String providerMessageId, String note, SecretMessage replacement) {

    public Delivered(String provider, String providerMessageId) {
        this(provider, providerMessageId, null, null);
    }

    /** The channel gave up on its own route and sends the same secret as {@code replacement}. */
    public static Delivered replacedBy(String provider, String note, SecretMessage replacement) {
        return new Delivered(provider, null, note, replacement);
    }
}
