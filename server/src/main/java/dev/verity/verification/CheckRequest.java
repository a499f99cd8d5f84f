package dev.verity.verification;

import dev.verity.tenancy.Application;

/** A candidate secret to check under a key; {@code origin} as in {@link SendRequest}. */
public record CheckRequest(Application app, ChallengeKey key, String candidate, String origin) {
}
