package dev.verity.delivery.whatsapp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.verity.delivery.DeliveryChannel.QueuedMessage;
import dev.verity.delivery.twilio.TwilioMessagesApi;
import tools.jackson.databind.json.JsonMapper;

/**
 * WhatsApp through Twilio's Messages API: {@code To=whatsapp:+E164}, {@code From} the configured sender, and
 * either {@code ContentSid} + {@code ContentVariables={"1":"<code>"}} (an approved template, which WhatsApp
 * requires to open a conversation in production) or {@code Body} with the SMS text. A 4xx naming error 63003
 * (the number cannot be reached over WhatsApp), 21211 (invalid {@code To}) or 21614 (not a mobile number) is
 * a refusal of the destination; any other failure is an outage.
 */
class TwilioWhatsAppSender implements WhatsAppSender {

    private static final String PREFIX = "whatsapp:";
    private static final Set<String> DESTINATION_REFUSED = Set.of("63003", "21211", "21614");

    private final TwilioMessagesApi messages;
    private final JsonMapper json;
    private final String from;
    private final String contentSid;

    TwilioWhatsAppSender(TwilioMessagesApi messages, JsonMapper json, String from, String contentSid) {
        this.messages = messages;
        this.json = json;
        this.from = from.startsWith(PREFIX) ? from : PREFIX + from;
        this.contentSid = contentSid == null || contentSid.isBlank() ? null : contentSid;
    }

    @Override
    public String send(QueuedMessage message, String to, String text, String code) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", PREFIX + to);
        form.put("From", from);
        if (contentSid != null) {
            form.put("ContentSid", contentSid);
            form.put("ContentVariables", json.writeValueAsString(Map.of("1", code)));
        } else {
            form.put("Body", text);
        }
        try {
            return messages.create(form);
        } catch (TwilioMessagesApi.Refused refused) {
            if (refused.status() / 100 == 4 && DESTINATION_REFUSED.contains(refused.code())) {
                throw new DestinationRefused(refused.code());
            }
            throw refused;
        }
    }

    @Override
    public String name() {
        return "twilio";
    }
}
