package dev.verity.delivery.sms;

import dev.verity.delivery.OutboundSms;

/** One SMS provider. Implementations make exactly one attempt and throw on any failure or refusal. */
interface SmsSender {

    /**
     * @param messageId the outbox id, stable across retries
     * @return the provider's id for the message
     */
    String send(OutboundSms sms, String messageId) throws Exception;

    /** The name used in {@code verity.sms.providers} and recorded on the outbox row. */
    String name();
}
