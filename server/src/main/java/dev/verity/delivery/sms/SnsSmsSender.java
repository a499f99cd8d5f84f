package dev.verity.delivery.sms;

import java.util.HashMap;
import java.util.Map;

import dev.verity.delivery.OutboundSms;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * AWS SNS {@code Publish} to a phone number, through the AWS SDK v2. Messages are marked
 * {@code Transactional} (delivery over cost, as a one-time code needs) and carry the caller's
 * {@code sender_id} as {@code AWS.SNS.SMS.SenderID} where one was given.
 */
class SnsSmsSender implements SmsSender {

    private final SnsClient sns;

    SnsSmsSender(SnsClient sns) {
        this.sns = sns;
    }

    @Override
    public String send(OutboundSms sms, String messageId) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put("AWS.SNS.SMS.SMSType", text("Transactional"));
        if (sms.senderId() != null && !sms.senderId().isBlank()) {
            attributes.put("AWS.SNS.SMS.SenderID", text(sms.senderId()));
        }
        PublishResponse response = sns.publish(PublishRequest.builder()
                .phoneNumber(sms.to())
                .message(sms.body())
                .messageAttributes(attributes)
                .build());
        return response.messageId();
    }

    @Override
    public String name() {
        return "sns";
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
