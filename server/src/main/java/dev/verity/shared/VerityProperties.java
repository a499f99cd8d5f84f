package dev.verity.shared;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code verity.*} setting, with its default. Each has an environment form through Spring's
 * relaxed binding ({@code verity.mail.from} is {@code VERITY_MAIL_FROM}).
 *
 * @param home   data directory of the embedded default (H2 file, generated server key)
 * @param url    public base URL; links are built from it, never from a request's Host header
 * @param secret server key for keyed hashes and sealed secrets; generated into {@code home} when absent
 * @param importFile the declarative set-up file applied at every start ({@code verity.import})
 */
@ConfigurationProperties("verity")
public record VerityProperties(
        @DefaultValue("./data") Path home,
        @DefaultValue("http://localhost:8080") URI url,
        String secret,
        @org.springframework.boot.context.properties.bind.Name("import") Path importFile,
        @DefaultValue Mail mail,
        @DefaultValue Delivery delivery,
        @DefaultValue Token token,
        @DefaultValue Sms sms,
        @DefaultValue("64KB") DataSize maxRequestBody) {

    /** @param from the envelope and header sender of every email */
    public record Mail(@DefaultValue("verity@localhost") String from) {
    }

    /**
     * Outbox dispatch and retry schedule: exponential backoff with jitter, bounded attempts.
     *
     * @param pollInterval   how often an idle dispatcher looks for due messages
     * @param batchSize      messages claimed per round
     * @param initialBackoff delay before the first retry
     * @param maxBackoff     cap on any single delay
     * @param maxAttempts    attempts before a message is marked failed
     * @param claimTimeout   a claim older than this is presumed abandoned by a dead node
     * @param webhookSchedule when each webhook attempt is made, after the previous one failed (Standard
     *                       Webhooks' schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)
     * @param workers        dispatcher threads per node; each sends one message at a time
     */
    public record Delivery(
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("20") int batchSize,
            @DefaultValue("5s") Duration initialBackoff,
            @DefaultValue("15m") Duration maxBackoff,
            @DefaultValue("12") int maxAttempts,
            @DefaultValue("5m") Duration claimTimeout,
            @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"}) java.util.List<Duration> webhookSchedule,
            @DefaultValue("2") int workers) {
    }

    /**
     * @param userTokenTtl   lifetime of user access tokens
     * @param clientTokenTtl lifetime of client access tokens
     * @param audience       the {@code aud} of every token Verity issues and accepts
     */
    public record Token(
            @DefaultValue("1h") Duration userTokenTtl,
            @DefaultValue("1h") Duration clientTokenTtl,
            @DefaultValue("verity") String audience) {
    }

    /**
     * SMS providers, tried in this order for every message until one accepts it.
     *
     * @param providers any of {@code twilio}, {@code sns}, {@code http}, {@code dev}
     * @param timeout   connect and response timeout of each provider call
     */
    public record Sms(
            @DefaultValue("dev") java.util.List<String> providers,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue Twilio twilio,
            @DefaultValue Sns sns,
            @DefaultValue Http http) {
    }

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

    /** The issuer of Verity's tokens: the public base URL without a trailing slash. */
    public String issuer() {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
