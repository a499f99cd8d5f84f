package dev.verity.events;

/**
 * Something that happened in a feature and that other systems may be told about. The record lives with its
 * publisher (the engine, onboarding); {@code events} knows only whose it is, so that a delivery is queued for
 * the tenant that owns the change.
 */
public interface DomainEvent {

    String tenantId();

    String applicationId();
}
