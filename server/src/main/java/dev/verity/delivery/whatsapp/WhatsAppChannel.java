package dev.verity.delivery.whatsapp;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.verity.delivery.Delivered;
import dev.verity.delivery.DeliveryChannel;
import dev.verity.delivery.DevInbox;
import dev.verity.delivery.Failover;
import dev.verity.delivery.SecretMessage;
import dev.verity.delivery.SmsTexts;
import dev.verity.delivery.sms.SmsProperties;
import dev.verity.delivery.twilio.TwilioMessagesApi;
import tools.jackson.databind.json.JsonMapper;

/**
 * A code over WhatsApp, with the SMS text as its words, through the providers of {@code verity.whatsapp.providers}
 * in order. The secret is never lost to WhatsApp: when a provider refuses the destination, the same secret goes
 * out by SMS at once, and when every attempt on the normal schedule failed, it goes out by SMS instead of
 * failing. The SMS message is queued in the transaction that marks this one done.
 */
@Component
class WhatsAppChannel implements DeliveryChannel<SecretMessage> {

    static final String SMS = "sms";

    private final List<WhatsAppSender> providers = new ArrayList<>();
    private final SmsTexts texts;

    WhatsAppChannel(WhatsAppProperties whatsapp, SmsProperties sms, SmsTexts texts, DevInbox inbox, JsonMapper json) {
        this.texts = texts;
        for (String name : whatsapp.providers()) {
            providers.add(switch (name.strip()) {
                case "twilio" -> twilio(whatsapp.twilio(), sms, json);
                case "dev" -> new DevInboxWhatsAppSender(inbox);
                default -> throw new IllegalStateException("verity.whatsapp.providers: unknown provider '" + name
                        + "' (twilio, dev)");
            });
        }
    }

    private static WhatsAppSender twilio(WhatsAppProperties.Twilio twilio, SmsProperties sms, JsonMapper json) {
        String sid = orElse(twilio.sid(), sms.twilio().sid());
        String token = orElse(twilio.token(), sms.twilio().token());
        String url = orElse(twilio.url(), sms.twilio().url());
        require(sid, "verity.whatsapp.twilio.sid (or verity.sms.twilio.sid)");
        require(token, "verity.whatsapp.twilio.token (or verity.sms.twilio.token)");
        require(twilio.from(), "verity.whatsapp.twilio.from");
        HttpClient http = HttpClient.newBuilder().connectTimeout(sms.timeout()).build();
        return new TwilioWhatsAppSender(new TwilioMessagesApi(http, json, url, sid, token, sms.timeout()), json,
                twilio.from(), twilio.contentSid());
    }

    @Override
    public String kind() {
        return "whatsapp";
    }

    @Override
    public Class<SecretMessage> payloadType() {
        return SecretMessage.class;
    }

    @Override
    public String recipient(SecretMessage message) {
        return message.to();
    }

    /** The secret message itself is the payload: the words are chosen when it is sent, or when it falls back. */
    @Override
    public SecretMessage forSecret(String tenantId, SecretMessage message) {
        return message;
    }

    @Override
    public Delivered send(QueuedMessage message, SecretMessage secret) throws Exception {
        String text = texts.render(secret.language(), secret.customText(), secret.appName(), secret.secret());
        return Failover.first(providers, WhatsAppSender::name, provider -> {
            try {
                return new Delivered(provider.name(), provider.send(message, secret.to(), text, secret.secret()));
            } catch (WhatsAppSender.DestinationRefused refused) {
                return Delivered.replacedBy(provider.name(), "fell back to " + SMS + ": " + refused.code(),
                        secret.over(SMS));
            }
        });
    }

    @Override
    public Optional<SecretMessage> replacementWhenExhausted(SecretMessage secret) {
        return Optional.of(secret.over(SMS));
    }

    @Override
    public String providers() {
        return String.join(",", providers.stream().map(WhatsAppSender::name).toList());
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void require(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is required for the twilio WhatsApp provider");
        }
    }
}
