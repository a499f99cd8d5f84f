package dev.verity.admin;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.verity.tenancy.ApplicationWebhook;

/** A v1 webhook as the admin API shows it: never its secret, which is write-only. */
record WebhookView(String id, String url, List<String> events, boolean disabled,
        @JsonProperty("created_at") Instant createdAt) {

    static WebhookView of(ApplicationWebhook webhook) {
        return new WebhookView(webhook.id(), webhook.url(),
                webhook.events().stream().map(ApplicationWebhook.Event::wireName).toList(), webhook.disabled(),
                webhook.createdAt());
    }
}
