package dev.verity.delivery.whatsapp;

import dev.verity.delivery.DeliveryChannel.QueuedMessage;

/** One WhatsApp provider. Implementations make exactly one attempt and throw on any failure or refusal. */
interface WhatsAppSender {

    /**
     * @param to   the E.164 number
     * @param text the message text (for providers that send text)
     * @param code the secret alone (for providers that fill it into an approved template)
     * @return the provider's id for the message
     * @throws DestinationRefused when the provider will never reach this number over WhatsApp
     */
    String send(QueuedMessage message, String to, String text, String code) throws Exception;

    /** The name used in {@code verity.whatsapp.providers} and recorded on the outbox row. */
    String name();

    /** The provider refused the destination itself (no WhatsApp account, invalid number): retrying cannot help. */
    final class DestinationRefused extends Exception {

        private final String code;

        DestinationRefused(String code) {
            super("destination refused: " + code, null, false, false);
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
