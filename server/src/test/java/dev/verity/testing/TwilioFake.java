package dev.verity.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A WireMock server in Twilio's place, one per test class (each with its own account SID, so the Messages
 * URLs of two classes never mix), and the settings that point Verity's SMS (and optionally WhatsApp)
 * provider at it.
 */
public final class TwilioFake {

    public static final String SMS_FROM = "+15005550006";
    public static final String WHATSAPP_FROM = "whatsapp:+14155238886";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final String sid;
    private final String token;

    public TwilioFake(String sid, String token) {
        this.sid = sid;
        this.token = token;
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    /** The path Verity posts messages to: Twilio's Messages resource of this account. */
    public String messagesPath() {
        return "/2010-04-01/Accounts/" + sid + "/Messages.json";
    }

    /** Forgets earlier requests and stubs, then answers every message with 201 and the given message SID. */
    public void acceptMessages(String messageSid) {
        server.resetAll();
        server.stubFor(post(urlEqualTo(messagesPath())).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"" + messageSid + "\"}")));
    }

    /** Twilio as the SMS provider. */
    public void registerSms(DynamicPropertyRegistry registry) {
        registry.add("verity.sms.providers", () -> "twilio");
        registry.add("verity.sms.twilio.url", server::baseUrl);
        registry.add("verity.sms.twilio.sid", () -> sid);
        registry.add("verity.sms.twilio.token", () -> token);
        registry.add("verity.sms.twilio.from", () -> SMS_FROM);
    }

    /** Twilio as both the SMS and the WhatsApp provider (WhatsApp falls back to SMS). */
    public void registerSmsAndWhatsApp(DynamicPropertyRegistry registry) {
        registerSms(registry);
        registry.add("verity.whatsapp.providers", () -> "twilio");
        registry.add("verity.whatsapp.twilio.from", () -> WHATSAPP_FROM);
    }
}
