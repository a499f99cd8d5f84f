package dev.verity.delivery;

/**
 * Where a queued message stands: {@code pending}, {@code sending}, {@code sent} or {@code failed}, and for
 * SMS with delivery reports {@code delivered} or {@code undelivered}. SMS also records encoding and segments.
 */
public record MessageStatus(String id, String kind, String recipient, String status, int attempts, String provider,
        String providerMessageId, String lastError, String smsEncoding, Integer smsSegments) {
}
