package dev.verity.verification;

import dev.verity.delivery.EmailContent;

/**
 * What the message around a secret says; the channel decides how.
 *
 * @param content    caller texts replacing an email's defaults, or null
 * @param customText the caller's text message with {@code {otp}} and {@code {app}}, or null for the default
 * @param senderId   alphanumeric SMS sender for providers that support one, or null
 */
public record Wording(String language, String appName, EmailContent content, String customText, String senderId) {

    public static Wording of(String language, String appName) {
        return new Wording(language, appName, null, null, null);
    }
}
