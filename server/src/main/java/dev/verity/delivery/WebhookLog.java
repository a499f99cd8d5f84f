package dev.verity.delivery;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

/** The webhook delivery log: one row per attempt, with the receiver's status code or the error class. */
@Component
public class WebhookLog {

    private final WebhookAttemptRepository attempts;

    WebhookLog(WebhookAttemptRepository attempts) {
        this.attempts = attempts;
    }

    /** Records one attempt; {@code error} is a failure code, never a receiver's body or an exception text. */
    public void record(String tenantId, String messageId, String endpoint, String eventType, Integer status,
            String error, Instant at) {
        attempts.insert(tenantId, messageId, endpoint, eventType, status, error, at);
    }

    /** The newest attempts of a tenant, of one endpoint when {@code endpoint} is given. */
    public List<Attempt> latest(String tenantId, String endpoint, int limit) {
        return attempts.latest(tenantId, endpoint, limit);
    }

    /** One delivery attempt; {@code messageId} is the event's {@code webhook-id}. */
    public record Attempt(String messageId, String endpoint, String eventType, Integer statusCode, String error,
            Instant at) {
    }
}
