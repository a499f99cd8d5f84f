package dev.verity.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.verity.shared.Ids;

/** The {@code webhook_attempts} table behind {@link WebhookLog}. */
@Repository
class WebhookAttemptRepository {

    private final JdbcClient jdbc;

    WebhookAttemptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tenantId, String messageId, String endpoint, String eventType, Integer status,
            String error, Instant at) {
        jdbc.sql("INSERT INTO webhook_attempts (id, message_id, tenant_id, endpoint, event_type, status_code, error, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), messageId, tenantId, endpoint, eventType, status, error,
                        at.atOffset(ZoneOffset.UTC))
                .update();
    }

    List<WebhookLog.Attempt> latest(String tenantId, String endpoint, int limit) {
        String sql = "SELECT message_id, endpoint, event_type, status_code, error, created_at FROM webhook_attempts "
                + "WHERE tenant_id = ?" + (endpoint == null ? "" : " AND endpoint = ?")
                + " ORDER BY created_at DESC, id LIMIT ?";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param(tenantId);
        if (endpoint != null) {
            statement = statement.param(endpoint);
        }
        return statement.param(limit)
                .query((rs, n) -> new WebhookLog.Attempt(rs.getString("message_id"), rs.getString("endpoint"),
                        rs.getString("event_type"), (Integer) rs.getObject("status_code"), rs.getString("error"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
