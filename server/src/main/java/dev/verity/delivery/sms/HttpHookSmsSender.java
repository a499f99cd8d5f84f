package dev.verity.delivery.sms;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.standardwebhooks.Webhook;

import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.ProviderException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generic HTTP hook for SMS gateways Verity has no adapter for: a JSON {@code POST} of
 * {@code {to, body, sender_id, message_id}} signed with Standard Webhooks headers ({@code webhook-id} =
 * the message id, stable across retries; {@code webhook-timestamp}; {@code webhook-signature}). Any 2xx
 * is acceptance.
 */
class HttpHookSmsSender implements SmsSender {

    private final HttpClient http;
    private final JsonMapper json;
    private final URI url;
    private final Webhook signer;
    private final Clock clock;
    private final Duration timeout;

    HttpHookSmsSender(HttpClient http, JsonMapper json, URI url, String secret, Clock clock, Duration timeout) {
        this.http = http;
        this.json = json;
        this.url = url;
        this.signer = new Webhook(secret);
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public String send(OutboundSms sms, String messageId) throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("to", sms.to());
        payload.put("body", sms.body());
        payload.put("sender_id", sms.senderId());
        payload.put("message_id", messageId);
        String body = json.writeValueAsString(payload);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new ProviderException("http hook answered " + response.statusCode());
        }
        return messageId;
    }

    @Override
    public String name() {
        return "http";
    }
}
