package dev.verity.events;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.delivery.Outbox;
import dev.verity.delivery.WebhookMessage;

/**
 * Where features publish what happened. Every {@link WebhookFormat} turns the event into its deliveries, and
 * each is queued in the outbox, to be signed (Standard Webhooks), retried and logged by delivery's webhook
 * sender. Publishing runs in the caller's transaction, so an event exists exactly when the change it reports
 * commits: a rolled-back change tells no one, and a committed one is never lost.
 */
@Service
public class DomainEvents {

    private final List<WebhookFormat> formats;
    private final Outbox outbox;

    DomainEvents(List<WebhookFormat> formats, Outbox outbox) {
        this.formats = List.copyOf(formats);
        this.outbox = outbox;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(DomainEvent event) {
        for (WebhookFormat format : formats) {
            for (OutgoingWebhook webhook : format.webhooks(event)) {
                outbox.enqueueWebhook(event.tenantId(), id -> new WebhookMessage(webhook.endpoint(), webhook.secret(),
                        webhook.eventType(), webhook.body()));
            }
        }
    }
}
