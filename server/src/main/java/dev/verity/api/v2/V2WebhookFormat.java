package dev.verity.api.v2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.verity.events.DomainEvent;
import dev.verity.events.OutgoingWebhook;
import dev.verity.events.WebhookFormat;
import dev.verity.onboarding.OnboardingEvent;
import dev.verity.onboarding.RegistrationChanged;
import dev.verity.onboarding.ValidationChanged;
import dev.verity.tenancy.ProjectFlow;
import dev.verity.tenancy.TenancyService;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifik's webhook (API.md, "v2"): every change of a registration or validation goes to its flow's
 * {@code webhook_url}, if it has one that no 410 disabled, as {@code {"type":"<flow type>_<event>",
 * "object":{...}}} with the object exactly as the v2 responses show it, which never holds a code.
 */
@Component
class V2WebhookFormat implements WebhookFormat {

    private final TenancyService tenancy;
    private final JsonMapper json;

    V2WebhookFormat(TenancyService tenancy, JsonMapper json) {
        this.tenancy = tenancy;
        this.json = json;
    }

    @Override
    public List<OutgoingWebhook> webhooks(DomainEvent event) {
        if (event instanceof ValidationChanged changed) {
            return webhook(changed.flow(), changed.event(), OnboardingViews.validation(changed.validation()));
        }
        if (event instanceof RegistrationChanged changed) {
            return webhook(changed.flow(), changed.event(), OnboardingViews.registration(changed.registration()));
        }
        return List.of();
    }

    private List<OutgoingWebhook> webhook(ProjectFlow flow, OnboardingEvent event, Map<String, Object> object) {
        if (flow.webhookUrl() == null || flow.webhookDisabled()) {
            return List.of();
        }
        Optional<String> secret = tenancy.webhookSecret(flow.applicationId(), flow.id());
        if (secret.isEmpty()) {
            return List.of();
        }
        String type = flow.type() + "_" + event.wireName();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("object", object);
        return List.of(new OutgoingWebhook(flow.webhookUrl(), secret.get(), type, json.writeValueAsString(envelope)));
    }
}
