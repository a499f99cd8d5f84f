package dev.verity.delivery;

import java.util.Optional;

/**
 * One way of delivering a queued message (email, SMS, WhatsApp, webhook): the dispatcher finds the channel by
 * the outbox row's {@code kind}, opens the sealed payload as {@link #payloadType()} and hands it to
 * {@link #send}. A new channel is a bean implementing this port, its settings record and its templates; the
 * outbox and the dispatcher do not change.
 *
 * @param <M> the payload record queued for this channel (sealed at rest, erased once delivered)
 */
public interface DeliveryChannel<M> {

    /** The {@code kind} of this channel's outbox rows; unique among the channels. */
    String kind();

    /** The payload's type, as it is written to and read from the sealed outbox payload. */
    Class<M> payloadType();

    /** The address recorded on the outbox row (an email address, an E.164 number, a URL). */
    String recipient(M payload);

    /**
     * The payload that carries a secret for one address over this channel: the channel picks the template
     * and the words. Channels that carry no secrets (webhooks) refuse.
     *
     * @throws IllegalArgumentException when this channel does not carry secrets
     */
    M forSecret(String tenantId, SecretMessage message);

    /**
     * Makes one attempt. Throwing {@link ProviderException} (or any exception) retries later under
     * {@link #retryPolicy()}; {@link PermanentFailureException} fails the message at once.
     */
    Delivered send(QueuedMessage message, M payload) throws Exception;

    /** The provider name recorded on a row whose attempt failed (every provider that was tried). */
    String providers();

    /** How this channel retries; empty means the dispatcher's exponential backoff ({@code verity.delivery.*}). */
    default Optional<RetryPolicy> retryPolicy() {
        return Optional.empty();
    }

    /** What SMS segments the payload costs, for channels that bill by them; null otherwise. */
    default SmsSegments segments(M payload) {
        return null;
    }

    /**
     * What the row records when an attempt threw something other than a {@link ProviderException} or
     * {@link PermanentFailureException} (whose messages are recorded as they are).
     */
    default String recordedError(QueuedMessage message, Exception failure) {
        return ProviderException.describe(failure);
    }

    /**
     * A message that replaces this one once its attempts are exhausted, so that its secret still reaches the
     * person another way; empty (the default) marks the message failed.
     */
    default Optional<SecretMessage> replacementWhenExhausted(M payload) {
        return Optional.empty();
    }

    /** A claimed outbox row, as a channel sees it: its id (stable across retries), tenant and attempts made. */
    record QueuedMessage(String id, String tenantId, int attempts) {
    }
}
