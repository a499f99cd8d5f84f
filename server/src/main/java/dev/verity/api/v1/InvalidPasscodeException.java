package dev.verity.api.v1;

import dev.verity.profile.ContactKind;

/** v1's one answer to a code that does not verify, worded for the kind of address it was sent to. */
class InvalidPasscodeException extends RuntimeException {

    private final ContactKind kind;

    InvalidPasscodeException(ContactKind kind) {
        super("invalid passcode", null, false, false);
        this.kind = kind;
    }

    ContactKind kind() {
        return kind;
    }
}
