package dev.verity.profile;

import java.time.Instant;

/** One address on a profile. Verified exactly when {@code verifiedAt} is set. */
public record Contact(ContactKind kind, String value, boolean primary, Instant verifiedAt) {

    public boolean verified() {
        return verifiedAt != null;
    }
}
