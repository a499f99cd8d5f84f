package dev.verity.profile;

/** Only secondary addresses can be removed; the primary is replaced by verifying another one. */
public class ContactNotRemovableException extends RuntimeException {

    public ContactNotRemovableException() {
        super("primary contact cannot be removed", null, false, false);
    }
}
