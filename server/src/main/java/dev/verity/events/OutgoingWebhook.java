package dev.verity.events;

/**
 * One webhook delivery a {@link WebhookFormat} asks for: the receiver's URL, its {@code whsec_} signing secret,
 * the event type the delivery log shows, and the exact JSON body to sign and send.
 */
public record OutgoingWebhook(String endpoint, String secret, String eventType, String body) {
}
