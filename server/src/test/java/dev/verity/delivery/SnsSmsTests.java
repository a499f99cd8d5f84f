package dev.verity.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

/**
 * SMS through AWS SNS: the real AWS SDK v2 signs and sends {@code Publish} to a local endpoint that answers
 * as SNS does. Checks the phone number, the text, the Transactional type and the sender id.
 */
@BothDatabases
class SnsSmsTests extends VerityHarness {

    static final WireMockServer SNS = new WireMockServer(options().dynamicPort());

    static {
        SNS.start();
        // the AWS default credential chain reads these system properties first
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @DynamicPropertySource
    static void sns(DynamicPropertyRegistry registry) {
        registry.add("verity.sms.providers", () -> "sns");
        registry.add("verity.sms.sns.region", () -> "eu-west-1");
        registry.add("verity.sms.sns.endpoint", SNS::baseUrl);
    }

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void snsAccepts() {
        SNS.resetAll();
        SNS.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("""
                        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                          <PublishResult><MessageId>5f1b2c3d-0000-4000-8000-00000000abcd</MessageId></PublishResult>
                          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
                        </PublishResponse>""")));
    }

    @Test
    void sendWhenSnsConfiguredThenSignedPublishWithTransactionalTypeAndSenderId() {
        String number = "+34612" + (100000 + new java.util.Random().nextInt(899999));
        String token = userToken(createUser(uniqueEmail("sns")));
        Response sent = postJson("/v1/verification/otp/sms/send", token,
                "{\"phone_number\":\"" + number + "\",\"sender_id\":\"Acme 1\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !SNS.findAll(postRequestedFor(anyUrl())).isEmpty());
        List<LoggedRequest> requests = SNS.findAll(postRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        LoggedRequest publish = requests.get(0);
        assertThat(publish.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/sns/aws4_request");
        Map<String, String> form = form(publish.getBodyAsString());
        assertThat(form).containsEntry("Action", "Publish").containsEntry("PhoneNumber", number);
        assertThat(form.get("Message")).matches("Your Demo App verification code is: \\d{6}");
        assertThat(attributes(form)).containsEntry("AWS.SNS.SMS.SMSType", "Transactional")
                .containsEntry("AWS.SNS.SMS.SenderID", "Acme 1");

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                jdbc.sql("SELECT status, provider, provider_message_id FROM outbox_messages WHERE recipient = ?")
                        .param(number).query().singleRow())
                .containsEntry("status", "sent").containsEntry("provider", "sns")
                .containsEntry("provider_message_id", "5f1b2c3d-0000-4000-8000-00000000abcd"));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).forEach(kv -> form.put(
                URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8)));
        return form;
    }

    /** MessageAttributes.entry.N.Name / .Value.StringValue pairs, by name. */
    private static Map<String, String> attributes(Map<String, String> form) {
        Map<String, String> attributes = new HashMap<>();
        for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
            attributes.put(form.get("MessageAttributes.entry." + n + ".Name"),
                    form.get("MessageAttributes.entry." + n + ".Value.StringValue"));
        }
        return attributes;
    }
}
