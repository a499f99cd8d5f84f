package dev.verity.onboarding;

import org.springframework.stereotype.Component;

import dev.verity.events.DomainEvents;
import dev.verity.tenancy.ProjectFlow;

/**
 * The one way onboarding publishes: an {@link OnboardingEvent}, never a name assembled from input, with the
 * object it reports. The v2 dialect turns these into the flow's webhook; onboarding builds no JSON.
 */
@Component
class OnboardingWebhooks {

    private final DomainEvents events;

    OnboardingWebhooks(DomainEvents events) {
        this.events = events;
    }

    /** Publishes in the caller's transaction (see {@link DomainEvents#publish}). */
    void publish(ProjectFlow flow, OnboardingEvent event, Validation validation) {
        events.publish(new ValidationChanged(flow, event, validation));
    }

    /** Publishes in the caller's transaction (see {@link DomainEvents#publish}). */
    void publish(ProjectFlow flow, OnboardingEvent event, AppRegistration registration) {
        events.publish(new RegistrationChanged(flow, event, registration));
    }
}
