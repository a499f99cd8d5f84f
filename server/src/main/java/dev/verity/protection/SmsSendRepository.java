package dev.verity.protection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.verity.shared.Ids;

/** Paid sends per number prefix and the prefixes blocked for not converting (the SMS pumping guard's rows). */
@Repository
class SmsSendRepository {

    private final JdbcClient jdbc;

    SmsSendRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean blocked(String applicationId, String prefix, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM blocked_prefixes WHERE application_id = ? AND prefix = ? "
                        + "AND blocked_until > ?")
                .params(applicationId, prefix, utc(now)).query(Long.class).single() > 0;
    }

    void insertSend(String applicationId, String prefix, String destination, Instant now) {
        jdbc.sql("INSERT INTO sms_sends (id, application_id, prefix, destination, sent_at) VALUES (?, ?, ?, ?, ?)")
                .params(Ids.newId(), applicationId, prefix, destination, utc(now)).update();
    }

    /** Sends to the prefix since {@code since}, and how many of them converted. */
    SendCount count(String applicationId, String prefix, Instant since) {
        return jdbc.sql("SELECT COUNT(*) AS sends, COUNT(converted_at) AS converted FROM sms_sends "
                        + "WHERE application_id = ? AND prefix = ? AND sent_at > ?")
                .params(applicationId, prefix, utc(since))
                .query((rs, n) -> new SendCount(rs.getLong("sends"), rs.getLong("converted")))
                .single();
    }

    void block(String applicationId, String prefix, Instant until) {
        int updated = jdbc.sql("UPDATE blocked_prefixes SET blocked_until = ? WHERE application_id = ? AND prefix = ?")
                .params(utc(until), applicationId, prefix).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO blocked_prefixes (application_id, prefix, blocked_until) VALUES (?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")
                    .params(applicationId, prefix, utc(until)).update();
        }
    }

    /** The blocks still in force on the given applications, newest end first. */
    List<ProtectionLog.Block> activeBlocks(Collection<String> applicationIds, Instant now) {
        if (applicationIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(applicationIds.size(), "?"));
        List<Object> params = new ArrayList<>(applicationIds);
        params.add(utc(now));
        return jdbc.sql("SELECT application_id, prefix, blocked_until FROM blocked_prefixes WHERE application_id IN ("
                        + marks + ") AND blocked_until > ? ORDER BY blocked_until DESC, prefix")
                .params(params)
                .query((rs, n) -> new ProtectionLog.Block(rs.getString("application_id"), rs.getString("prefix"),
                        rs.getObject("blocked_until", OffsetDateTime.class).toInstant()))
                .list();
    }

    int unblock(String applicationId, String prefix) {
        return jdbc.sql("DELETE FROM blocked_prefixes WHERE application_id = ? AND prefix = ?")
                .params(applicationId, prefix).update();
    }

    void markConverted(String applicationId, String destination, Instant now, Instant since) {
        jdbc.sql("UPDATE sms_sends SET converted_at = ? WHERE application_id = ? AND destination = ? "
                        + "AND converted_at IS NULL AND sent_at > ?")
                .params(utc(now), applicationId, destination, utc(since))
                .update();
    }

    /** Deletes sends older than the guard looks back; they decide nothing any more. */
    int deleteBefore(Instant before, int limit) {
        return jdbc.sql("DELETE FROM sms_sends WHERE id IN (SELECT id FROM sms_sends WHERE sent_at < ? LIMIT ?)")
                .params(utc(before), limit).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    record SendCount(long sends, long converted) {
    }
}
