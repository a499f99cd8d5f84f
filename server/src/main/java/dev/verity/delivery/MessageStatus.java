package dev.verity.delivery;

/** A queued message's delivery state ({@link OutboxStatus}); SMS also records encoding and segments. */
public record MessageStatus(String id, String kind, String recipient, OutboxStatus status, int attempts, String provider,
        String providerMessageId, String lastError, String smsEncoding, Integer smsSegments) {
}
