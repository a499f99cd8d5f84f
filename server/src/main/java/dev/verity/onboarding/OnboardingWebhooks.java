package dev.verity.onboarding;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.verity.events.Webhooks;
import dev.verity.tenancy.ProjectFlow;

/** The one way onboarding publishes: an {@link OnboardingEvent}, never a name assembled from input. */
@Component
class OnboardingWebhooks {

    private final Webhooks webhooks;

    OnboardingWebhooks(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** Queues the event in the caller's transaction (see {@link Webhooks#publish}). */
    void publish(ProjectFlow flow, OnboardingEvent event, Map<String, Object> object) {
        webhooks.publish(flow, event.wireName(), object);
    }
}
