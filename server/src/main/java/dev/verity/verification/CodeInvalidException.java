package dev.verity.verification;

/**
 * The code does not verify: wrong, already used, superseded, or dead after too many checks. One answer for
 * all of these, so that a guesser learns nothing about which.
 */
public class CodeInvalidException extends RuntimeException {

    public CodeInvalidException() {
        super("code invalid", null, false, false);
    }
}
