package dev.verity.delivery;

/** A failure that retrying cannot cure (a webhook receiver answered 410 Gone). */
public class PermanentFailureException extends Exception {

    public PermanentFailureException(String message) {
        super(message, null, false, false);
    }
}
