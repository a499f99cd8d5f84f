package dev.verity.delivery;

/**
 * A secret (code or link) for one address over one channel; the channel decides the words and the wire format.
 *
 * @param channel    {@code email}, {@code sms} or {@code whatsapp}
 * @param to         the email address or E.164 number
 * @param secret     the code, or the link's URL; appears only in the rendered message
 * @param ttlMinutes how long the secret lives, for the default texts
 * @param language   BCP 47 tag of the message language
 * @param content    caller-supplied email texts replacing the defaults, or null
 * @param customText a caller's text template with {@code {otp}} and {@code {app}} (SMS, WhatsApp), or null
 * @param senderId   alphanumeric SMS sender for providers and countries that support one, or null
 */
public record SecretMessage(String channel, String to, Form form, String secret, long ttlMinutes, String language,
        String appName, EmailContent content, String customText, String senderId) {

    public enum Form { CODE, LINK }

    /** The same secret for the same address over another channel. */
    public SecretMessage over(String otherChannel) {
        return new SecretMessage(otherChannel, to, form, secret, ttlMinutes, language, appName, content, customText,
                senderId);
    }
}
