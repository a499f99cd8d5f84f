package dev.verity.delivery.twilio;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import dev.verity.delivery.ProviderException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twilio's Messages API, which sends SMS and WhatsApp alike: {@code POST /2010-04-01/Accounts/{sid}/Messages.json}
 * with form fields, HTTP Basic with the account SID and auth token. Twilio's answer carries the message
 * {@code sid}; a refusal carries Twilio's numeric error {@code code}, which is kept, never its free text.
 */
public final class TwilioMessagesApi {

    private final HttpClient http;
    private final JsonMapper json;
    private final URI endpoint;
    private final String authorization;
    private final Duration timeout;

    public TwilioMessagesApi(HttpClient http, JsonMapper json, String baseUrl, String sid, String token,
            Duration timeout) {
        this.http = http;
        this.json = json;
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + "/2010-04-01/Accounts/" + URLEncoder.encode(sid, StandardCharsets.UTF_8)
                + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
    }

    /**
     * Creates one message from the given form fields, in their order.
     *
     * @return Twilio's message sid
     * @throws Refused when Twilio answers anything but 2xx
     * @throws ProviderException when a 2xx answer names no message sid
     */
    public String create(Map<String, String> form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new Refused(response.statusCode(), errorCode(response.body()));
        }
        JsonNode messageSid = json.readTree(response.body()).get("sid");
        if (messageSid == null || !messageSid.isString()) {
            throw new ProviderException("twilio answered without a message sid");
        }
        return messageSid.asString();
    }

    /** Twilio's numeric error code (e.g. 21211 invalid number), or null when the body has none. */
    private String errorCode(String body) {
        try {
            JsonNode code = json.readTree(body).get("code");
            return code == null || code.isNull() ? null : code.asString();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Twilio answered with an error status, and perhaps its error code. */
    public static final class Refused extends ProviderException {

        private final int status;
        private final String code;

        Refused(int status, String code) {
            super("twilio answered " + status + (code == null ? "" : " (code " + code + ")"));
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** Twilio's error code, or null. */
        public String code() {
            return code;
        }
    }
}
