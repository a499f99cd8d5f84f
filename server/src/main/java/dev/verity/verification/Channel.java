package dev.verity.verification;

/** How a secret reaches the person: by email or by SMS. Stored as the lower-case name. */
public enum Channel {
    EMAIL, SMS;

    String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
