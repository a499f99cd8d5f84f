package dev.verity.verification;

import dev.verity.tenancy.Application;

/**
 * A request to issue a secret to a destination.
 *
 * @param key      everything the secret is bound to, the destination and channel among them
 * @param clientIp the requesting client's IP for the per-IP budget, or null
 * @param origin   the caller's own name ({@code v1}, {@code onboarding}, …), carried on the events it causes
 */
public record SendRequest(Application app, ChallengeKey key, Secret secret, Wording wording, String clientIp,
        String origin) {
}
