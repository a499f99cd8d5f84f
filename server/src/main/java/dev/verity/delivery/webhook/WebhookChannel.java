package dev.verity.delivery.webhook;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.verity.delivery.Delivered;
import dev.verity.delivery.DeliveryChannel;
import dev.verity.delivery.DeliveryProperties;
import dev.verity.delivery.ProviderException;
import dev.verity.delivery.RetryPolicy;
import dev.verity.delivery.SecretMessage;
import dev.verity.delivery.WebhookMessage;

/**
 * Signed webhook events ({@link WebhookSender}), retried on the Standard Webhooks schedule
 * ({@code verity.delivery.webhook-schedule}).
 */
@Component
class WebhookChannel implements DeliveryChannel<WebhookMessage> {

    private static final Logger log = LoggerFactory.getLogger(WebhookChannel.class);

    private final WebhookSender sender;
    private final RetryPolicy schedule;

    WebhookChannel(WebhookSender sender, DeliveryProperties settings) {
        this.sender = sender;
        this.schedule = RetryPolicy.schedule(settings.webhookSchedule());
    }

    @Override
    public String kind() {
        return "webhook";
    }

    @Override
    public Class<WebhookMessage> payloadType() {
        return WebhookMessage.class;
    }

    @Override
    public String recipient(WebhookMessage webhook) {
        return webhook.endpoint();
    }

    @Override
    public WebhookMessage forSecret(String tenantId, SecretMessage message) {
        throw new IllegalArgumentException("webhooks never carry a secret");
    }

    @Override
    public Delivered send(QueuedMessage message, WebhookMessage webhook) throws Exception {
        return sender.send(message.tenantId(), message.id(), webhook);
    }

    @Override
    public String providers() {
        return "webhook";
    }

    @Override
    public Optional<RetryPolicy> retryPolicy() {
        return Optional.of(schedule);
    }

    /**
     * A webhook's last error is shown to the tenant admin, so it holds only the sender's failure classes; a
     * failure outside the sender (an unreadable payload) is logged for the operator and recorded as a class.
     */
    @Override
    public String recordedError(QueuedMessage message, Exception failure) {
        log.warn("Webhook {} could not be sent: {}", message.id(), ProviderException.describe(failure));
        return "internal_error";
    }
}
