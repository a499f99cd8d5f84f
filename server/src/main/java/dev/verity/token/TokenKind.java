package dev.verity.token;

/** Who a token speaks for: an API client itself, or one user of the client's tenant. */
enum TokenKind {
    CLIENT, USER, REGISTRATION;

    String claim() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
