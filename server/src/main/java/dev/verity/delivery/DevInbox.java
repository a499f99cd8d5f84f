package dev.verity.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.verity.shared.Ids;

/**
 * Where messages go when no SMTP host (or SMS provider) is configured: the embedded default keeps them in
 * the database, readable through the admin API, so that a newcomer can try every flow without a mail
 * server. Not for production: the captured messages contain their codes.
 */
@Component
public class DevInbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    DevInbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void store(String messageId, String tenantId, String kind, String recipient, String subject, String text) {
        jdbc.sql("INSERT INTO dev_inbox (id, message_id, tenant_id, kind, recipient, subject, text_body, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(Ids.newId(), messageId, tenantId, kind, recipient, subject, text,
                        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
    }

    /** The tenant's newest captured messages, newest first. */
    public List<CapturedMessage> latest(String tenantId, int limit) {
        return jdbc.sql("SELECT message_id, kind, recipient, subject, text_body, created_at FROM dev_inbox "
                        + "WHERE tenant_id = ? ORDER BY created_at DESC LIMIT ?")
                .params(tenantId, limit)
                .query((rs, n) -> new CapturedMessage(rs.getString("message_id"), rs.getString("kind"),
                        rs.getString("recipient"), rs.getString("subject"), rs.getString("text_body"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** A message captured by the dev inbox. */
    public record CapturedMessage(String messageId, String kind, String recipient, String subject, String text,
            Instant createdAt) {
    }
}
