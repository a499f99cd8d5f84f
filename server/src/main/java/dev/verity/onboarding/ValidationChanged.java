package dev.verity.onboarding;

import dev.verity.events.DomainEvent;
import dev.verity.tenancy.ProjectFlow;

/** A validation of the flow changed as {@code event} says; {@code validation} is as that change left it. */
public record ValidationChanged(ProjectFlow flow, OnboardingEvent event, Validation validation) implements DomainEvent {

    @Override
    public String tenantId() {
        return flow.tenantId();
    }

    @Override
    public String applicationId() {
        return flow.applicationId();
    }
}
