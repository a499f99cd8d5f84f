package dev.verity.delivery.sms;

import dev.verity.delivery.DevInbox;
import dev.verity.delivery.OutboundSms;

/** The embedded default's SMS "provider": captures the text in the dev inbox. */
class DevInboxSmsSender implements SmsSender {

    private final DevInbox inbox;

    DevInboxSmsSender(DevInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public String send(OutboundSms sms, String messageId) {
        inbox.store(messageId, sms.tenantId(), "sms", sms.to(), null, sms.body());
        return messageId;
    }

    @Override
    public String name() {
        return "dev";
    }
}
