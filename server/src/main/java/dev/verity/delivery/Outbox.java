package dev.verity.delivery;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.verity.shared.Ids;

/**
 * The transactional outbox: a message is written in the caller's transaction, so it exists exactly when the
 * change that caused it committed (no lost message, no message for a rolled-back change). The payload,
 * which holds the code, is sealed with the server key at rest and erased once delivered.
 */
@Service
public class Outbox {

    static final String WEBHOOK = "webhook";

    private final OutboxRepository repository;
    private final Channels channels;
    private final Clock clock;
    private final Dispatcher dispatcher;

    Outbox(OutboxRepository repository, Channels channels, Clock clock, Dispatcher dispatcher) {
        this.repository = repository;
        this.channels = channels;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    /**
     * Queues a secret over the channel it names, which renders it when it sends; must run inside the
     * transaction that records its cause. Returns the message id.
     *
     * @throws IllegalArgumentException when no channel of that name carries secrets
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueue(String tenantId, SecretMessage message) {
        return insert(Ids.newId(), tenantId, channels.rowFor(tenantId, message));
    }

    /** Queues a webhook event; must run inside the transaction that records the change it reports. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueueWebhook(String tenantId, Function<String, WebhookMessage> message) {
        String id = Ids.newId();
        return insert(id, tenantId, channels.rowFor(WEBHOOK, message.apply(id)));
    }

    private String insert(String id, String tenantId, Channels.NewRow row) {
        repository.insert(id, tenantId, row, clock.instant());
        wakeDispatcherAfterCommit();
        return id;
    }

    private void wakeDispatcherAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                dispatcher.wakeUp();
            }
        });
    }

    /** The delivery state of a tenant's message: status, attempts, provider and last error. */
    public Optional<MessageStatus> status(String tenantId, String messageId) {
        return Optional.ofNullable(repository.status(tenantId, messageId));
    }

    /**
     * Records a provider's final delivery report ({@link OutboxStatus#reportable()}) on the message it sent
     * under that id; a report for an unknown id, a late one, or any other status changes nothing.
     */
    public void recordReport(String provider, String providerMessageId, OutboxStatus status) {
        if (status.reportable()) {
            repository.markReported(provider, providerMessageId, status);
        }
    }
}
