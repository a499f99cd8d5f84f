package dev.verity.delivery.whatsapp;

import dev.verity.delivery.DeliveryChannel.QueuedMessage;
import dev.verity.delivery.DevInbox;

/** The embedded default's WhatsApp "provider": captures the text in the dev inbox, kind {@code whatsapp}. */
class DevInboxWhatsAppSender implements WhatsAppSender {

    private final DevInbox inbox;

    DevInboxWhatsAppSender(DevInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public String send(QueuedMessage message, String to, String text, String code) {
        inbox.store(message.id(), message.tenantId(), "whatsapp", to, null, text);
        return message.id();
    }

    @Override
    public String name() {
        return "dev";
    }
}
