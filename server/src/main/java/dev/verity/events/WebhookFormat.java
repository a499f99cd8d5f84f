package dev.verity.events;

import java.util.List;

/**
 * How one dialect tells its callers' backends about domain events: which endpoints an event goes to and the JSON
 * they receive. Each dialect implements it at its own edge, so no feature builds wire JSON and the two dialects'
 * bodies never meet. Called inside the transaction of the change, so it may read what that change wrote.
 */
public interface WebhookFormat {

    /** The deliveries this dialect wants for the event; empty when the event is not one of its callers'. */
    List<OutgoingWebhook> webhooks(DomainEvent event);
}
