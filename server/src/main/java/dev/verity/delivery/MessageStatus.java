package dev.verity.delivery;

/** Where a queued message stands: {@code pending}, {@code sending}, {@code sent} or {@code failed}. */
public record MessageStatus(String id, String kind, String recipient, String status, int attempts, String provider,
        String providerMessageId, String lastError) {
}
