package dev.verity.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.standardwebhooks.Webhook;

import dev.verity.shared.Ids;

/**
 * Delivers webhook events signed with Standard Webhooks headers: {@code webhook-id} (the outbox id, the same
 * on every retry so receivers can de-duplicate), {@code webhook-timestamp} and {@code webhook-signature}
 * ({@code v1,} base64 HMAC-SHA256 of {@code id.timestamp.body}). Any 2xx is success; 410 Gone disables the
 * endpoint; anything else is retried on the Standard Webhooks schedule. Every attempt goes to the delivery log.
 */
@Component
class WebhookSender {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    WebhookSender(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    Delivered send(String tenantId, String messageId, WebhookMessage webhook) throws Exception {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.endpoint()))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Verity-Webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", new Webhook(webhook.secret()).sign(messageId, timestamp, webhook.body()))
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body()))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            log(tenantId, messageId, webhook, null, Dispatcher.describe(e));
            throw e;
        }
        int status = response.statusCode();
        log(tenantId, messageId, webhook, status, null);
        if (status == 410) {
            events.publishEvent(new WebhookEndpointGone(tenantId, webhook.endpoint()));
            throw new PermanentFailureException("receiver answered 410 Gone; endpoint disabled");
        }
        if (status / 100 != 2) {
            throw new ProviderException("receiver answered " + status);
        }
        return new Delivered("webhook", messageId);
    }

    private void log(String tenantId, String messageId, WebhookMessage webhook, Integer status, String error) {
        jdbc.sql("INSERT INTO webhook_attempts (id, message_id, tenant_id, endpoint, event_type, status_code, error, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), messageId, tenantId, webhook.endpoint(), webhook.eventType(), status,
                        error == null ? null : error.substring(0, Math.min(500, error.length())),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }
}
