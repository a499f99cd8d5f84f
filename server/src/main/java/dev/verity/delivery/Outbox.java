package dev.verity.delivery;

import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.verity.shared.Ids;
import dev.verity.shared.ServerKey;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: a message is written in the caller's transaction, so it exists exactly when the
 * change that caused it committed (no lost message, no message for a rolled-back change). The payload,
 * which holds the code, is sealed with the server key at rest and erased once delivered.
 */
@Service
public class Outbox {

    static final String EMAIL = "email";
    static final String SMS = "sms";
    static final String WEBHOOK = "webhook";

    private final OutboxRepository repository;
    private final ServerKey serverKey;
    private final JsonMapper json;
    private final Clock clock;
    private final Dispatcher dispatcher;

    Outbox(OutboxRepository repository, ServerKey serverKey, JsonMapper json, Clock clock, Dispatcher dispatcher) {
        this.repository = repository;
        this.serverKey = serverKey;
        this.json = json;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    /** Queues an email; must run inside the transaction that records its cause. Returns the message id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueueEmail(String tenantId, EmailRequest email) {
        String id = Ids.newId();
        repository.insert(id, tenantId, EMAIL, email.to(), serverKey.seal(json.writeValueAsString(email)),
                clock.instant());
        wakeDispatcherAfterCommit();
        return id;
    }

    /**
     * Queues a text message, recording its encoding and segment count (what it will cost); must run inside
     * the transaction that records its cause. Returns the message id.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueueSms(OutboundSms sms) {
        String id = Ids.newId();
        repository.insert(id, sms.tenantId(), SMS, sms.to(), serverKey.seal(json.writeValueAsString(sms)),
                clock.instant(), SmsSegments.of(sms.body()));
        wakeDispatcherAfterCommit();
        return id;
    }

    /** Queues a webhook event; must run inside the transaction that records the change it reports. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String enqueueWebhook(String tenantId, java.util.function.Function<String, WebhookMessage> message) {
        String id = Ids.newId();
        WebhookMessage webhook = message.apply(id);
        repository.insert(id, tenantId, WEBHOOK, webhook.endpoint(), serverKey.seal(json.writeValueAsString(webhook)),
                clock.instant());
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
}
