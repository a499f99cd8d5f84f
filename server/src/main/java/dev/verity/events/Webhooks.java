package dev.verity.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.delivery.Outbox;
import dev.verity.delivery.WebhookMessage;
import dev.verity.tenancy.ProjectFlow;
import dev.verity.tenancy.TenancyService;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a flow's webhook events: {@code {"type":"<flow type>_<event>","object":{...}}}, queued in the
 * outbox in the caller's transaction, so an event exists exactly when the change it reports committed.
 * Callers must never put a code in {@code object}.
 */
@Service
public class Webhooks {

    private final TenancyService tenancy;
    private final Outbox outbox;
    private final JsonMapper json;

    Webhooks(TenancyService tenancy, Outbox outbox, JsonMapper json) {
        this.tenancy = tenancy;
        this.outbox = outbox;
        this.json = json;
    }

    /** Queues the event for the flow's webhook, if it has an enabled one; returns the message id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> publish(ProjectFlow flow, String event, Map<String, Object> object) {
        if (flow.webhookUrl() == null || flow.webhookDisabled()) {
            return Optional.empty();
        }
        Optional<String> secret = tenancy.webhookSecret(flow.applicationId(), flow.id());
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        String type = flow.type() + "_" + event;
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("object", object);
        String body = json.writeValueAsString(envelope);
        return Optional.of(outbox.enqueueWebhook(flow.tenantId(),
                id -> new WebhookMessage(flow.webhookUrl(), secret.get(), type, body)));
    }
}
