package dev.verity.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.shared.VerityProperties;

/**
 * Receives Twilio's message status callbacks and moves the message to {@code delivered}, {@code undelivered}
 * or {@code failed}. Each request must carry a valid {@code X-Twilio-Signature}: base64 of HMAC-SHA1, keyed
 * with the auth token, over the callback URL (as configured through {@code verity.url}, never the Host
 * header) followed by every form parameter name and value, sorted by name.
 */
@RestController
class TwilioStatusCallback {

    static final String PATH = "/webhooks/twilio/status";
    private static final Set<String> FINAL_STATUSES = Set.of("delivered", "undelivered", "failed");

    private final OutboxRepository outbox;
    private final String authToken;
    private final String callbackUrl;

    TwilioStatusCallback(OutboxRepository outbox, VerityProperties properties) {
        this.outbox = outbox;
        this.authToken = properties.sms().twilio().token();
        this.callbackUrl = properties.issuer() + PATH;
    }

    @PostMapping(path = PATH, consumes = "application/x-www-form-urlencoded")
    ResponseEntity<Void> status(@RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = "X-Twilio-Signature", required = false) String signature,
            HttpServletRequest request) {
        if (authToken == null || authToken.isBlank()) {
            return ResponseEntity.notFound().build();
        }
        String url = request.getQueryString() == null ? callbackUrl : callbackUrl + "?" + request.getQueryString();
        if (signature == null || !validSignature(url, form, signature)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        String sid = form.getFirst("MessageSid");
        String status = form.getFirst("MessageStatus");
        if (sid != null && status != null && FINAL_STATUSES.contains(status)) {
            outbox.markReported("twilio", sid, status);
        }
        return ResponseEntity.noContent().build();
    }

    @org.springframework.web.bind.annotation.ExceptionHandler({
            org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<Void> databaseUnavailable() {
        // Twilio retries callbacks that fail
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }

    boolean validSignature(String url, MultiValueMap<String, String> form, String signature) {
        Map<String, String> sorted = new TreeMap<>();
        form.forEach((name, values) -> sorted.put(name, values.isEmpty() ? "" : values.get(0)));
        StringBuilder data = new StringBuilder(url);
        sorted.forEach((name, value) -> data.append(name).append(value));
        String expected = hmacSha1(authToken, data.toString());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
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
