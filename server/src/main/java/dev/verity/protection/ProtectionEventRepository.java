package dev.verity.protection;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.shared.Ids;

/** Every refusal of a protection rule, recorded for metrics and the portal. Subjects are addresses, never codes. */
@Repository
class ProtectionEventRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    ProtectionEventRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Recorded in the refused request's transaction: the engine commits a refusal (after its budgets gave back
     * what they took), so the record stays without a second connection or commit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void record(String tenantId, String applicationId, String kind, String subject) {
        jdbc.sql("INSERT INTO protection_events (id, tenant_id, application_id, kind, subject, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), tenantId, applicationId, kind,
                        subject == null ? null : subject.substring(0, Math.min(400, subject.length())),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The tenant's events, newest first. */
    List<ProtectionLog.Event> latest(String tenantId, int offset, int limit) {
        return jdbc.sql("SELECT application_id, kind, subject, created_at FROM protection_events WHERE tenant_id = ? "
                        + "ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(tenantId, limit, offset)
                .query((rs, n) -> new ProtectionLog.Event(rs.getString("application_id"), rs.getString("kind"),
                        rs.getString("subject"), rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
