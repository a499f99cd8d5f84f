package dev.verity.delivery.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.verity.delivery.DeliveryChannel.QueuedMessage;
import dev.verity.delivery.twilio.TwilioMessagesApi;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Twilio WhatsApp request for an approved template ({@code ContentSid} with the code as variable 1, no
 * {@code Body}), and which of Twilio's refusals count as a refused destination, against a local server
 * answering in Twilio's shapes.
 */
class TwilioWhatsAppSenderTest {

    static final String SID = "AC00000000000000000000000000000003";
    static final String MESSAGES = "/2010-04-01/Accounts/" + SID + "/Messages.json";
    static final WireMockServer TWILIO = new WireMockServer(options().dynamicPort());
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final QueuedMessage MESSAGE = new QueuedMessage("0b6f3c1e-message", "acme", 0);

    @BeforeAll
    static void start() {
        TWILIO.start();
    }

    @AfterAll
    static void stop() {
        TWILIO.stop();
    }

    @BeforeEach
    void reset() {
        TWILIO.resetAll();
    }

    TwilioWhatsAppSender sender(String from, String contentSid) {
        return new TwilioWhatsAppSender(new TwilioMessagesApi(HttpClient.newHttpClient(), JSON, TWILIO.baseUrl() + "/",
                SID, "token", Duration.ofSeconds(2)), JSON, from, contentSid);
    }

    @Test
    void sendWhenContentTemplateConfiguredThenContentSidAndCodeVariableInsteadOfBody() throws Exception {
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"SMtemplate0001\",\"status\":\"queued\",\"to\":\"whatsapp:+14155550100\","
                        + "\"from\":\"whatsapp:+14155238886\",\"body\":\"\",\"error_code\":null}")));

        String sid = sender("+14155238886", "HXb5b62575e6e4ff6129ad7c8efe1f983e")
                .send(MESSAGE, "+14155550100", "Your Demo App verification code is: 271828", "271828");

        assertThat(sid).isEqualTo("SMtemplate0001");
        Map<String, String> form = form(TWILIO.findAll(postRequestedFor(urlEqualTo(MESSAGES))));
        assertThat(form).containsOnlyKeys("To", "From", "ContentSid", "ContentVariables");
        assertThat(form).containsEntry("To", "whatsapp:+14155550100")
                .containsEntry("From", "whatsapp:+14155238886")
                .containsEntry("ContentSid", "HXb5b62575e6e4ff6129ad7c8efe1f983e");
        assertThat(JSON.readTree(form.get("ContentVariables"))).isEqualTo(JSON.readTree("{\"1\":\"271828\"}"));
    }

    @Test
    void sendWhenTwilioRefusesTheNumberThenDestinationRefusedWithItsCodeElseAnOutage() {
        TwilioWhatsAppSender sender = sender("whatsapp:+14155238886", null);
        for (int code : List.of(63003, 21211, 21614)) {
            answer(400, code);
            assertThatThrownBy(() -> sender.send(MESSAGE, "+14155550100", "text", "1"))
                    .isInstanceOf(WhatsAppSender.DestinationRefused.class)
                    .satisfies(e -> assertThat(((WhatsAppSender.DestinationRefused) e).code()).isEqualTo("" + code));
        }
        answer(401, 20003);
        assertThatThrownBy(() -> sender.send(MESSAGE, "+14155550100", "text", "1"))
                .isInstanceOf(TwilioMessagesApi.Refused.class).hasMessage("twilio answered 401 (code 20003)");
        answer(503, 63003);
        assertThatThrownBy(() -> sender.send(MESSAGE, "+14155550100", "text", "1"))
                .isInstanceOf(TwilioMessagesApi.Refused.class).hasMessage("twilio answered 503 (code 63003)");
    }

    private static void answer(int status, int code) {
        TWILIO.resetAll();
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\": " + code + ", \"message\": \"refused\", \"more_info\": "
                        + "\"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status + "}")));
    }

    private static Map<String, String> form(List<LoggedRequest> requests) {
        assertThat(requests).hasSize(1);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : requests.get(0).getBodyAsString().split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return form;
    }
}
