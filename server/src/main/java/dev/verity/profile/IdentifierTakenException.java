package dev.verity.profile;

/** Creating a user with an address another user of the tenant already holds as primary or verified. */
public class IdentifierTakenException extends RuntimeException {

    public IdentifierTakenException() {
        super("identifier is taken", null, false, false);
    }
}
