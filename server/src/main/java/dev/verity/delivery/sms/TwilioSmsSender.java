package dev.verity.delivery.sms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.ProviderException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twilio Programmable Messaging: {@code POST /2010-04-01/Accounts/{sid}/Messages.json}, form fields
 * {@code To}, {@code From}, {@code Body} and {@code StatusCallback}, HTTP Basic with the account SID and
 * auth token. Twilio's answer carries the message {@code sid}, recorded so that status callbacks can find
 * the message. The configured {@code from} number is always the sender: alphanumeric sender ids are refused
 * by Twilio in many countries (the US among them), so {@code sender_id} is left to providers that map it.
 */
class TwilioSmsSender implements SmsSender {

    private final HttpClient http;
    private final JsonMapper json;
    private final String authorization;
    private final String from;
    private final URI endpoint;
    private final String statusCallback;
    private final Duration timeout;

    TwilioSmsSender(HttpClient http, JsonMapper json, String baseUrl, String sid, String token, String from,
            String statusCallback, Duration timeout) {
        this.http = http;
        this.json = json;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
        this.from = from;
        this.endpoint = URI.create(stripSlash(baseUrl) + "/2010-04-01/Accounts/"
                + URLEncoder.encode(sid, StandardCharsets.UTF_8) + "/Messages.json");
        this.statusCallback = statusCallback;
        this.timeout = timeout;
    }

    @Override
    public String send(OutboundSms sms, String messageId) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", sms.to());
        form.put("From", from);
        form.put("Body", sms.body());
        form.put("StatusCallback", statusCallback);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new ProviderException("twilio answered " + response.statusCode() + errorCode(response.body()));
        }
        JsonNode body = json.readTree(response.body());
        JsonNode messageSid = body.get("sid");
        if (messageSid == null || !messageSid.isString()) {
            throw new ProviderException("twilio answered without a message sid");
        }
        return messageSid.asString();
    }

    @Override
    public String name() {
        return "twilio";
    }

    /** Twilio's numeric error code (e.g. 21211 invalid number), never its free text. */
    private String errorCode(String body) {
        try {
            JsonNode code = json.readTree(body).get("code");
            return code == null ? "" : " (code " + code.asString() + ")";
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
