package dev.verity.delivery;

/**
 * A webhook event to deliver: the endpoint, the signing secret ({@code whsec_…}; the queued payload is sealed
 * at rest), the event type for the delivery log, and the exact JSON body to sign and send.
 */
public record WebhookMessage(String endpoint, String secret, String eventType, String body) {
}
