package dev.verity.delivery;

import java.time.Instant;

/**
 * What one attempt at one claimed row came to, held until the round's results are written together.
 *
 * @param lastError   the error (retry, failed) or the note on a message another replaced (sent), else null
 * @param replacement the message queued instead of this one, in the transaction that records this result
 */
record Attempted(String id, String tenantId, Outcome outcome, String provider, String providerMessageId,
        String lastError, Instant nextAttempt, SecretMessage replacement) {

    enum Outcome { SENT, RETRY, FAILED }

    static Attempted sent(OutboxRepository.ClaimedRow row, Delivered delivered) {
        return new Attempted(row.id(), row.tenantId(), Outcome.SENT, delivered.provider(),
                delivered.providerMessageId(), delivered.note(), null, delivered.replacement());
    }

    static Attempted retry(OutboxRepository.ClaimedRow row, String provider, String error, Instant nextAttempt) {
        return new Attempted(row.id(), row.tenantId(), Outcome.RETRY, provider, null, error, nextAttempt, null);
    }

    static Attempted failed(OutboxRepository.ClaimedRow row, String provider, String error) {
        return new Attempted(row.id(), row.tenantId(), Outcome.FAILED, provider, null, error, null, null);
    }

    /** The same result with the note that names the message replacing this one. */
    Attempted replacedBy(String replacementId) {
        String note = lastError + " (message " + replacementId + ")";
        return new Attempted(id, tenantId, outcome, provider, providerMessageId,
                note.length() > 1000 ? note.substring(0, 1000) : note, nextAttempt, replacement);
    }
}
