package dev.verity.tenancy;

import java.time.Instant;

/** A person who may log in to the admin portal of one tenant. */
public record PortalAdmin(String username, Instant createdAt) {
}
