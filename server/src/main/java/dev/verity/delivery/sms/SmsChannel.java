package dev.verity.delivery.sms;

import org.springframework.stereotype.Component;

import dev.verity.delivery.Delivered;
import dev.verity.delivery.DeliveryChannel;
import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.SecretMessage;
import dev.verity.delivery.SmsSegments;
import dev.verity.delivery.SmsTexts;

/**
 * SMS through the configured providers with ordered failover ({@link SmsGateway}). The text is composed when
 * the message is queued, because its encoding and segment count (what it costs) are recorded on the row.
 */
@Component
class SmsChannel implements DeliveryChannel<OutboundSms> {

    private final SmsGateway gateway;
    private final SmsTexts texts;

    SmsChannel(SmsGateway gateway, SmsTexts texts) {
        this.gateway = gateway;
        this.texts = texts;
    }

    @Override
    public String kind() {
        return "sms";
    }

    @Override
    public Class<OutboundSms> payloadType() {
        return OutboundSms.class;
    }

    @Override
    public String recipient(OutboundSms sms) {
        return sms.to();
    }

    @Override
    public SmsSegments segments(OutboundSms sms) {
        return SmsSegments.of(sms.body());
    }

    /** A link goes out as the code would, its URL in place of {@code {otp}}. */
    @Override
    public OutboundSms forSecret(String tenantId, SecretMessage message) {
        return new OutboundSms(tenantId, message.to(),
                texts.render(message.language(), message.customText(), message.appName(), message.secret()),
                message.senderId());
    }

    @Override
    public Delivered send(QueuedMessage message, OutboundSms sms) throws Exception {
        return gateway.send(sms, message.id());
    }

    @Override
    public String providers() {
        return String.join(",", gateway.names());
    }
}
