package dev.verity.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Outbox rows. Claiming uses {@code SELECT … FOR UPDATE SKIP LOCKED}, so dispatchers on several nodes never
 * take the same row; a claim carries the node id and time, and a claim older than the timeout is presumed
 * abandoned by a dead node and released.
 */
@Repository
class OutboxRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    OutboxRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void insert(String id, String tenantId, Channels.NewRow row, Instant now) {
        SmsSegments segments = row.segments();
        jdbc.sql("INSERT INTO outbox_messages (id, tenant_id, kind, recipient, payload, status, attempts, "
                        + "next_attempt_at, created_at, sms_encoding, sms_segments) "
                        + "VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)")
                .params(id, tenantId, row.kind(), row.recipient(), row.sealedPayload(), utc(now), utc(now),
                        segments == null ? null : segments.encoding(), segments == null ? null : segments.segments())
                .update();
    }

    /**
     * Records a provider's delivery report on a sent message. Only moves forward from {@code sent}, so a late
     * or replayed report cannot resurrect a message.
     */
    int markReported(String provider, String providerMessageId, OutboxStatus status) {
        return jdbc.sql("UPDATE outbox_messages SET status = ? WHERE provider = ? AND provider_message_id = ? "
                        + "AND status IN ('sent', 'delivered', 'undelivered')")
                .params(status.wireName(), provider, providerMessageId).update();
    }

    /**
     * Claims up to {@code limit} due rows for this node: one {@code SELECT … FOR UPDATE SKIP LOCKED}, so
     * dispatchers never take the same row, and one {@code UPDATE} marking them all. Runs in the caller's
     * transaction.
     */
    List<ClaimedRow> claimDue(Instant now, int limit, String node) {
        List<ClaimedRow> due = jdbc.sql("SELECT id, tenant_id, kind, payload, attempts FROM outbox_messages "
                        + "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at "
                        + "LIMIT ? FOR UPDATE SKIP LOCKED")
                .params(utc(now), limit)
                .query((rs, n) -> new ClaimedRow(rs.getString("id"), rs.getString("tenant_id"), rs.getString("kind"),
                        rs.getString("payload"), rs.getInt("attempts")))
                .list();
        if (!due.isEmpty()) {
            jdbc.sql("UPDATE outbox_messages SET status = 'sending', claimed_by = :node, claimed_at = :now "
                            + "WHERE id IN (:ids)")
                    .param("node", node).param("now", utc(now)).param("ids", due.stream().map(ClaimedRow::id).toList())
                    .update();
        }
        return due;
    }

    /**
     * Writes a round's results as JDBC batches (one statement per outcome) in the caller's transaction. A row
     * is written only while this node still holds its claim: a claim released as stale belongs to whoever
     * claims the row next.
     *
     * @return the ids of the rows written
     */
    Set<String> record(List<Attempted> results, String node, Instant now) {
        Set<String> written = new HashSet<>();
        written.addAll(batch("UPDATE outbox_messages SET status = 'sent', attempts = attempts + 1, sent_at = ?, "
                        + "provider = ?, provider_message_id = ?, payload = NULL, last_error = ?, claimed_by = NULL, "
                        + "claimed_at = NULL WHERE id = ? AND claimed_by = ?",
                results, Attempted.Outcome.SENT, r -> new Object[] {utc(now), r.provider(), r.providerMessageId(),
                        r.lastError(), r.id(), node}));
        written.addAll(batch("UPDATE outbox_messages SET status = 'pending', attempts = attempts + 1, "
                        + "next_attempt_at = ?, provider = ?, last_error = ?, claimed_by = NULL, claimed_at = NULL "
                        + "WHERE id = ? AND claimed_by = ?",
                results, Attempted.Outcome.RETRY, r -> new Object[] {utc(r.nextAttempt()), r.provider(), r.lastError(),
                        r.id(), node}));
        written.addAll(batch("UPDATE outbox_messages SET status = 'failed', attempts = attempts + 1, payload = NULL, "
                        + "provider = ?, last_error = ?, claimed_by = NULL, claimed_at = NULL "
                        + "WHERE id = ? AND claimed_by = ?",
                results, Attempted.Outcome.FAILED, r -> new Object[] {r.provider(), r.lastError(), r.id(), node}));
        return written;
    }

    private List<String> batch(String sql, List<Attempted> results, Attempted.Outcome outcome,
            Function<Attempted, Object[]> arguments) {
        List<Attempted> selected = results.stream().filter(r -> r.outcome() == outcome).toList();
        if (selected.isEmpty()) {
            return List.of();
        }
        int[] counts = batch.batchUpdate(sql, selected.stream().map(arguments).toList());
        List<String> written = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            // a driver may answer SUCCESS_NO_INFO (-2) for a statement that ran; only 0 means "not ours"
            if (counts[i] != 0) {
                written.add(selected.get(i).id());
            }
        }
        return written;
    }

    /** Returns rows claimed before {@code staleBefore} (by any node) to the queue. */
    int releaseStale(Instant staleBefore) {
        return jdbc.sql("UPDATE outbox_messages SET status = 'pending', claimed_by = NULL, claimed_at = NULL "
                        + "WHERE status = 'sending' AND claimed_at < ?")
                .param(utc(staleBefore)).update();
    }

    /** Returns this node's claims to the queue (graceful shutdown). */
    int releaseClaimsOf(String node) {
        return jdbc.sql("UPDATE outbox_messages SET status = 'pending', claimed_by = NULL, claimed_at = NULL "
                        + "WHERE status = 'sending' AND claimed_by = ?")
                .param(node).update();
    }

    MessageStatus status(String tenantId, String id) {
        return jdbc.sql("SELECT id, kind, recipient, status, attempts, provider, provider_message_id, last_error, "
                        + "sms_encoding, sms_segments FROM outbox_messages WHERE id = ? AND tenant_id = ?")
                .params(id, tenantId)
                .query((rs, n) -> new MessageStatus(rs.getString("id"), rs.getString("kind"), rs.getString("recipient"),
                        OutboxStatus.of(rs.getString("status")).orElseThrow(), rs.getInt("attempts"), rs.getString("provider"),
                        rs.getString("provider_message_id"), rs.getString("last_error"), rs.getString("sms_encoding"),
                        (Integer) rs.getObject("sms_segments")))
                .optional().orElse(null);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A claimed row: what the dispatcher needs to find its channel and open its payload. */
    record ClaimedRow(String id, String tenantId, String kind, String sealedPayload, int attempts) {

        DeliveryChannel.QueuedMessage message() {
            return new DeliveryChannel.QueuedMessage(id, tenantId, attempts);
        }
    }
}
