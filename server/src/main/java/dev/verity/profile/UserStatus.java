package dev.verity.profile;

/**
 * A user's standing, with Transmit's names ({@code Active}, {@code Disabled}, {@code Pending}). Verity
 * creates users active and has no flow yet that disables one; the other two are here so that a row
 * written by a later version still reads.
 */
public enum UserStatus {
    ACTIVE("Active"), DISABLED("Disabled"), PENDING("Pending");

    private final String wireName;

    UserStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static UserStatus of(String wireName) {
        for (UserStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        throw new IllegalStateException("unknown user status in the database: " + wireName);
    }
}
