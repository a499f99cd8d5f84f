package dev.verity.delivery;

/** A failure that retrying cannot cure (a webhook receiver answered 410 Gone). */
class PermanentFailureException extends Exception {

    PermanentFailureException(String message) {
        super(message, null, false, false);
    }
}
