package dev.verity.verification;

/**
 * Everything a challenge is bound to (SECURITY.md rule 7): a code issued under one key verifies nothing
 * under another — not another tenant, application, subject (user or registration), channel, purpose or
 * address.
 */
public record ChallengeKey(String tenantId, String applicationId, String subjectId, Channel channel, String purpose,
        String destination) {
}
