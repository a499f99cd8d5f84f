package dev.verity.tenancy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.verity.delivery.WebhookEndpointGone;

/**
 * A receiver that answers 410 Gone asked not to be called again: every webhook of the tenant at that URL, a
 * flow's or an application's, is disabled.
 */
@Component
class WebhookEndpointListener {

    private static final Logger log = LoggerFactory.getLogger(WebhookEndpointListener.class);

    private final TenancyService tenancy;
    private final ApplicationWebhookService applicationWebhooks;

    WebhookEndpointListener(TenancyService tenancy, ApplicationWebhookService applicationWebhooks) {
        this.tenancy = tenancy;
        this.applicationWebhooks = applicationWebhooks;
    }

    @EventListener
    void gone(WebhookEndpointGone event) {
        int disabled = tenancy.disableWebhook(event.tenantId(), event.endpoint())
                + applicationWebhooks.disable(event.tenantId(), event.endpoint());
        if (disabled > 0) {
            log.warn("Webhook {} of tenant {} answered 410 Gone and was disabled", event.endpoint(), event.tenantId());
        }
    }
}
