package dev.verity.verification;

import java.time.Clock;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.verity.shared.Ids;

/**
 * Things that happened to a challenge without changing its state, kept for fraud signals: above all a magic
 * link's landing page viewed (by a person or a mail scanner) but never confirmed.
 */
@Component
public class ChallengeEvents {

    public static final String LINK_VIEWED = "link_viewed";
    public static final String LINK_CONFIRMED = "link_confirmed";
    public static final String LINK_REFUSED = "link_refused";

    private final JdbcClient jdbc;
    private final Clock clock;

    ChallengeEvents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(String challengeId, String tenantId, String kind, String detail) {
        jdbc.sql("INSERT INTO challenge_events (id, challenge_id, tenant_id, kind, detail, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), challengeId, tenantId, kind,
                        detail == null ? null : detail.substring(0, Math.min(detail.length(), 500)),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }
}
