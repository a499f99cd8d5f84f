package dev.verity.delivery.sms;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.verity.delivery.DevInbox;
import dev.verity.delivery.twilio.TwilioMessagesApi;
import dev.verity.shared.VerityProperties;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

    /** The providers named by {@code verity.sms.providers}, in order; a misconfigured one stops the start. */
    @Bean
    SmsGateway smsGateway(SmsProperties sms, VerityProperties properties, DevInbox inbox, JsonMapper json,
            Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(sms.timeout()).build();
        List<SmsSender> providers = new ArrayList<>();
        for (String name : sms.providers()) {
            providers.add(switch (name.strip()) {
                case "twilio" -> twilio(sms, properties, http, json);
                case "sns" -> new SnsSmsSender(sns(sms));
                case "http" -> httpHook(sms, http, json, clock);
                case "dev" -> new DevInboxSmsSender(inbox);
                default -> throw new IllegalStateException("verity.sms.providers: unknown provider '" + name
                        + "' (twilio, sns, http, dev)");
            });
        }
        return new SmsGateway(providers);
    }

    private static SmsSender twilio(SmsProperties sms, VerityProperties properties, HttpClient http, JsonMapper json) {
        SmsProperties.Twilio twilio = sms.twilio();
        require(twilio.sid(), "verity.sms.twilio.sid");
        require(twilio.token(), "verity.sms.twilio.token");
        require(twilio.from(), "verity.sms.twilio.from");
        return new TwilioSmsSender(new TwilioMessagesApi(http, json, twilio.url(), twilio.sid(), twilio.token(),
                sms.timeout()), twilio.from(), properties.issuer() + TwilioStatusReports.PATH);
    }

    private static SmsSender httpHook(SmsProperties sms, HttpClient http, JsonMapper json, Clock clock) {
        SmsProperties.Http hook = sms.http();
        if (hook.url() == null) {
            throw new IllegalStateException("verity.sms.http.url is required for the http SMS provider");
        }
        require(hook.secret(), "verity.sms.http.secret");
        return new HttpHookSmsSender(http, json, hook.url(), hook.secret(), clock, sms.timeout());
    }

    private static SnsClient sns(SmsProperties sms) {
        SnsClientBuilder builder = SnsClient.builder()
                .region(Region.of(sms.sns().region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(sms.timeout())
                        .socketTimeout(sms.timeout()));
        if (sms.sns().endpoint() != null) {
            builder.endpointOverride(sms.sns().endpoint());
        }
        return builder.build();
    }

    private static void require(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is required for the configured SMS provider");
        }
    }
}
