package dev.verity.admin;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage of the admin audit log. */
@Repository
class AuditRepository {

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tenantId, String actor, String action, String target, String detail, OffsetDateTime at) {
        jdbc.sql("INSERT INTO audit_log (tenant_id, actor, action, target, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(tenantId, actor, action, target, detail, at).update();
    }

    /** The tenant's entries, newest first. */
    List<AuditLog.Entry> latest(String tenantId, int offset, int limit) {
        return jdbc.sql("SELECT actor, action, target, detail, created_at FROM audit_log WHERE tenant_id = ? "
                        + "ORDER BY seq DESC LIMIT ? OFFSET ?")
                .params(tenantId, limit, offset)
                .query((rs, n) -> new AuditLog.Entry(rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail")))
                .list();
    }
}
