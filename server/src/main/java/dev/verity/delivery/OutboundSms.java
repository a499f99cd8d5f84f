package dev.verity.delivery;

/**
 * A text message ready for a provider.
 *
 * @param senderId alphanumeric sender for providers and countries that support one, or null
 */
public record OutboundSms(String tenantId, String to, String body, String senderId) {
}
