package dev.verity.profile;

/** The two kinds of address Verity verifies; stored as their lower-case names. */
public enum ContactKind {
    EMAIL, PHONE;

    String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ContactKind fromColumn(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
