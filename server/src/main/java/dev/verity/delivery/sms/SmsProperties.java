package dev.verity.delivery.sms;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SMS providers ({@code verity.sms.*}), tried in this order for every message until one accepts it.
 *
 * @param providers any of {@code twilio}, {@code sns}, {@code http}, {@code dev}
 * @param timeout   connect and response timeout of each provider call
 */
@Validated
@ConfigurationProperties("verity.sms")
public record SmsProperties(
        @DefaultValue("dev") @NotEmpty List<String> providers,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue Twilio twilio,
        @DefaultValue Sns sns,
        @DefaultValue Http http) {

    /** Twilio Programmable Messaging; {@code url} overrides the API base URL (tests, regional edges). */
    public record Twilio(String sid, String token, String from,
            @DefaultValue("https://api.twilio.com") String url) {
    }

    /** AWS SNS {@code Publish}; credentials come from the AWS default chain. */
    public record Sns(@DefaultValue("us-east-1") String region, URI endpoint) {
    }

    /** A generic HTTP hook receiving signed JSON; {@code secret} is a Standard Webhooks {@code whsec_} key. */
    public record Http(URI url, String secret) {
    }
}
