package dev.verity.profile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A user of a tenant and their addresses. */
public record User(String id, String tenantId, UserStatus status, Instant createdAt, Instant updatedAt,
        List<Contact> contacts) {

    public User {
        contacts = List.copyOf(contacts);
    }

    public Optional<Contact> primary(ContactKind kind) {
        return contacts.stream().filter(c -> c.kind() == kind && c.primary()).findFirst();
    }

    public List<Contact> secondaries(ContactKind kind) {
        return contacts.stream().filter(c -> c.kind() == kind && !c.primary()).toList();
    }
}
