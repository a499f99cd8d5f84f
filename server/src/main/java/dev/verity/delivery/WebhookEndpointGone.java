package dev.verity.delivery;

/** Published when a webhook receiver answers 410 Gone: the owner of the endpoint should disable it. */
public record WebhookEndpointGone(String tenantId, String endpoint) {
}
