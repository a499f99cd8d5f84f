package dev.verity.verification;

import java.time.Clock;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.verity.shared.Ids;

/**
 * Things that happened to a challenge without changing its state, kept for fraud signals: above all a magic
 * link's landing page viewed (by a person or a mail scanner) but never confirmed.
 */
@Repository
class ChallengeEventRepository {

    /** What happened to a link, stored as the lower-case name. */
    enum Kind {
        LINK_VIEWED, LINK_CONFIRMED, LINK_REFUSED
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    ChallengeEventRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(String challengeId, String tenantId, Kind kind, String detail) {
        jdbc.sql("INSERT INTO challenge_events (id, challenge_id, tenant_id, kind, detail, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), challengeId, tenantId, kind.name().toLowerCase(java.util.Locale.ROOT),
                        detail == null ? null : detail.substring(0, Math.min(detail.length(), 500)),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }
}
