package dev.verity.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.verity.shared.Ids;

/** The {@code dev_inbox} table; a message id is stored once, so a redelivery captures nothing twice. */
@Repository
class DevInboxRepository {

    private final JdbcClient jdbc;

    DevInboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String messageId, String tenantId, String kind, String recipient, String subject, String text,
            Instant at) {
        jdbc.sql("INSERT INTO dev_inbox (id, message_id, tenant_id, kind, recipient, subject, text_body, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(Ids.newId(), messageId, tenantId, kind, recipient, subject, text, at.atOffset(ZoneOffset.UTC))
                .update();
    }

    List<DevInbox.CapturedMessage> latest(String tenantId, int limit) {
        return jdbc.sql("SELECT message_id, kind, recipient, subject, text_body, created_at FROM dev_inbox "
                        + "WHERE tenant_id = ? ORDER BY created_at DESC LIMIT ?")
                .params(tenantId, limit)
                .query((rs, n) -> new DevInbox.CapturedMessage(rs.getString("message_id"), rs.getString("kind"),
                        rs.getString("recipient"), rs.getString("subject"), rs.getString("text_body"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
