package dev.verity.tenancy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.verity.delivery.WebhookEndpointGone;

/** A receiver that answers 410 Gone asked not to be called again: its flows' webhooks are disabled. */
@Component
class WebhookEndpointListener {

    private static final Logger log = LoggerFactory.getLogger(WebhookEndpointListener.class);

    private final TenancyService tenancy;

    WebhookEndpointListener(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @EventListener
    void gone(WebhookEndpointGone event) {
        int disabled = tenancy.disableWebhook(event.tenantId(), event.endpoint());
        if (disabled > 0) {
            log.warn("Webhook {} of tenant {} answered 410 Gone and was disabled", event.endpoint(), event.tenantId());
        }
    }
}
