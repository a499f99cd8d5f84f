package dev.verity.verification;

/** What a send created: the challenge and its outbox message (null for a demo code, which is not delivered). */
public record Issued(String challengeId, String messageId) {
}
