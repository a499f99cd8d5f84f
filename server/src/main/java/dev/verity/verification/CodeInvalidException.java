package dev.verity.verification;

/**
 * The code does not verify: wrong, already used, superseded, or dead after too many checks. One answer for
 * all of these, so that a guesser learns nothing about which; {@link #exhausted()} tells callers whose
 * dialect reports the attempt limit (v2's {@code failed}) that this check spent the last attempt or found
 * the code already dead.
 */
public class CodeInvalidException extends RuntimeException {

    private final boolean exhausted;

    public CodeInvalidException() {
        this(false);
    }

    public CodeInvalidException(boolean exhausted) {
        super("code invalid", null, false, false);
        this.exhausted = exhausted;
    }

    public boolean exhausted() {
        return exhausted;
    }
}
