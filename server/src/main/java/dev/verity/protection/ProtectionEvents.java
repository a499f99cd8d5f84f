package dev.verity.protection;

import java.time.Clock;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.shared.Ids;

/** Every refusal of a protection rule, recorded for metrics and the portal. Subjects are addresses, never codes. */
@Component
public class ProtectionEvents {

    private final JdbcClient jdbc;
    private final Clock clock;

    ProtectionEvents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Recorded in its own transaction, so it stays even though the refused request's work is rolled back. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String tenantId, String applicationId, String kind, String subject) {
        jdbc.sql("INSERT INTO protection_events (id, tenant_id, application_id, kind, subject, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), tenantId, applicationId, kind,
                        subject == null ? null : subject.substring(0, Math.min(400, subject.length())),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }
}
