package dev.verity.delivery.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Service;

import dev.verity.delivery.Outbox;
import dev.verity.delivery.OutboxStatus;
import dev.verity.shared.VerityProperties;

/**
 * Twilio's message status callbacks: a report moves the message to {@code delivered}, {@code undelivered} or
 * {@code failed}. Each report must carry a valid {@code X-Twilio-Signature}: base64 of HMAC-SHA1, keyed with
 * the auth token, over the callback URL (as configured through {@code verity.url}, never the Host header)
 * followed by every form parameter name and value, sorted by name.
 */
@Service
public class TwilioStatusReports {

    /** Where Twilio posts reports; every message Verity sends through Twilio names this URL. */
    public static final String PATH = "/webhooks/twilio/status";

    /** What became of a report. */
    public enum Verdict {
        /** No Twilio account is configured, so there is nothing to report on. */
        NOT_CONFIGURED,
        /** The signature is missing or wrong; nothing was recorded. */
        FORGED,
        /** Genuine; a final status was recorded on the message Twilio names, any other status ignored. */
        ACCEPTED
    }

    private final Outbox outbox;
    private final String authToken;
    private final String callbackUrl;

    TwilioStatusReports(Outbox outbox, SmsProperties sms, VerityProperties properties) {
        this.outbox = outbox;
        this.authToken = sms.twilio().token();
        this.callbackUrl = properties.issuer() + PATH;
    }

    /**
     * @param queryString the callback request's query string, or null (Twilio signs the URL it called)
     * @param form        the posted form parameters
     * @param signature   the {@code X-Twilio-Signature} header, or null
     */
    public Verdict receive(String queryString, Map<String, List<String>> form, String signature) {
        if (authToken == null || authToken.isBlank()) {
            return Verdict.NOT_CONFIGURED;
        }
        String url = queryString == null ? callbackUrl : callbackUrl + "?" + queryString;
        if (signature == null || !validSignature(url, form, signature)) {
            return Verdict.FORGED;
        }
        String sid = first(form, "MessageSid");
        String status = first(form, "MessageStatus");
        if (sid != null) {
            // Twilio's final statuses carry the same names as Verity's; the outbox ignores the others
            OutboxStatus.of(status).ifPresent(reported -> outbox.recordReport("twilio", sid, reported));
        }
        return Verdict.ACCEPTED;
    }

    private boolean validSignature(String url, Map<String, List<String>> form, String signature) {
        Map<String, String> sorted = new TreeMap<>();
        form.forEach((name, values) -> sorted.put(name, values.isEmpty() ? "" : values.get(0)));
        StringBuilder data = new StringBuilder(url);
        sorted.forEach((name, value) -> data.append(name).append(value));
        String expected = hmacSha1(authToken, data.toString());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static String hmacSha1(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
