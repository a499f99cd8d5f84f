package dev.verity.delivery;

/** A provider refused or failed a message; the text is safe to record (no message body, no credentials). */
class ProviderException extends Exception {

    ProviderException(String message) {
        super(message, null, false, false);
    }
}
