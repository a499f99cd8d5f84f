package dev.verity.tenancy;

/** The application already has a webhook at this URL; one receiver gets each event once. */
public class WebhookUrlTakenException extends RuntimeException {

    WebhookUrlTakenException() {
        super("url is already a webhook of this application", null, false, false);
    }
}
