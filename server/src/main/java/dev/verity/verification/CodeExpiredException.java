package dev.verity.verification;

/** The pending code's lifetime has passed. */
public class CodeExpiredException extends RuntimeException {

    public CodeExpiredException() {
        super("code expired", null, false, false);
    }
}
