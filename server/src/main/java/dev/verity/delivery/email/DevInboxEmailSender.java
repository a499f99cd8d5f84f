package dev.verity.delivery.email;

import dev.verity.delivery.DevInbox;

/** The embedded default's email sender: captures instead of sending (see {@link DevInbox}). */
class DevInboxEmailSender implements EmailSender {

    private final DevInbox inbox;

    DevInboxEmailSender(DevInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public String send(RenderedEmail email, String messageId) {
        inbox.store(messageId, email.tenantId(), "email", email.to(), email.subject(), email.text());
        return messageId;
    }

    @Override
    public String name() {
        return "dev";
    }
}
