package dev.verity.onboarding;

import dev.verity.events.DomainEvent;
import dev.verity.tenancy.ProjectFlow;

/** A registration of the flow changed as {@code event} says; {@code registration} is as that change left it. */
public record RegistrationChanged(ProjectFlow flow, OnboardingEvent event, AppRegistration registration)
        implements DomainEvent {

    @Override
    public String tenantId() {
        return flow.tenantId();
    }

    @Override
    public String applicationId() {
        return flow.applicationId();
    }
}
