package dev.verity.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the webhook delivery log: one row per attempt, with the receiver's status code or the error. */
@Component
public class WebhookLog {

    private final JdbcClient jdbc;

    WebhookLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Attempt> latest(String tenantId, String endpoint, int limit) {
        String sql = "SELECT message_id, endpoint, event_type, status_code, error, created_at FROM webhook_attempts "
                + "WHERE tenant_id = ?" + (endpoint == null ? "" : " AND endpoint = ?")
                + " ORDER BY created_at DESC, id LIMIT ?";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param(tenantId);
        if (endpoint != null) {
            statement = statement.param(endpoint);
        }
        return statement.param(limit)
                .query((rs, n) -> new Attempt(rs.getString("message_id"), rs.getString("endpoint"),
                        rs.getString("event_type"), (Integer) rs.getObject("status_code"), rs.getString("error"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** One delivery attempt; {@code messageId} is the event's {@code webhook-id}. */
    public record Attempt(String messageId, String endpoint, String eventType, Integer statusCode, String error,
            Instant at) {
    }
}
