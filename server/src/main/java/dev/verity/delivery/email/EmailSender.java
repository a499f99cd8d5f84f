package dev.verity.delivery.email;

/** Hands a rendered email to something that delivers it. */
interface EmailSender {

    /**
     * @param messageId the outbox id; stable across retries so that a receiver can drop duplicates
     * @return the provider's id for the message, if it gives one
     * @throws Exception any failure; the dispatcher retries with backoff
     */
    String send(RenderedEmail email, String messageId) throws Exception;

    /** Short name recorded on the outbox row. */
    String name();
}
