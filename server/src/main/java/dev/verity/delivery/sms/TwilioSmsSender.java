package dev.verity.delivery.sms;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.twilio.TwilioMessagesApi;

/**
 * Twilio Programmable Messaging: form fields {@code To}, {@code From}, {@code Body} and {@code StatusCallback}
 * ({@link TwilioMessagesApi}). Twilio's message {@code sid} is recorded so that status callbacks can find the
 * message. The configured {@code from} number is always the sender: alphanumeric sender ids are refused by
 * Twilio in many countries (the US among them), so {@code sender_id} is left to providers that map it.
 */
class TwilioSmsSender implements SmsSender {

    private final TwilioMessagesApi messages;
    private final String from;
    private final String statusCallback;

    TwilioSmsSender(TwilioMessagesApi messages, String from, String statusCallback) {
        this.messages = messages;
        this.from = from;
        this.statusCallback = statusCallback;
    }

    @Override
    public String send(OutboundSms sms, String messageId) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", sms.to());
        form.put("From", from);
        form.put("Body", sms.body());
        form.put("StatusCallback", statusCallback);
        return messages.create(form);
    }

    @Override
    public String name() {
        return "twilio";
    }
}
