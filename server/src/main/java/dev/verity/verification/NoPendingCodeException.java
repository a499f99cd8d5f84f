package dev.verity.verification;

/** No code was ever issued for this subject and address. */
public class NoPendingCodeException extends RuntimeException {

    public NoPendingCodeException() {
        super("no code for this address", null, false, false);
    }
}
