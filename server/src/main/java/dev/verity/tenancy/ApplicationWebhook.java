package dev.verity.tenancy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A v1 webhook of an application (API.md, "v1 webhooks"): a receiver of the engine's events about the
 * application's users. The signing secret is not part of this record: it is sealed at rest and read only to sign.
 *
 * @param disabled the receiver answered 410 Gone; nothing more is sent to it
 */
public record ApplicationWebhook(String id, String applicationId, String url, Set<Event> events, boolean disabled,
        Instant createdAt) {

    public ApplicationWebhook {
        events = Collections.unmodifiableSet(events.isEmpty() ? EnumSet.noneOf(Event.class) : EnumSet.copyOf(events));
    }

    /** The events a webhook can subscribe to, by the names the set-up file, the admin API and the payload use. */
    public enum Event {
        CONTACT_VERIFIED("contact.verified"),
        VERIFICATION_FAILED("verification.failed"),
        VERIFICATION_SENT("verification.sent");

        private final String wireName;

        Event(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Optional<Event> of(String wireName) {
            return Arrays.stream(values()).filter(e -> e.wireName.equals(wireName)).findFirst();
        }
    }

    /** Where to send one event, with the secret opened for signing. */
    public record Target(String url, String secret) {
    }
}
