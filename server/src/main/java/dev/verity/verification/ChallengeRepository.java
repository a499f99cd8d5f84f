package dev.verity.verification;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Challenge rows. Every state change is a conditional {@code UPDATE} whose row count decides the outcome
 * (SECURITY.md rules 5 and 6; the fix for Kratos HackerOne #3692149): two requests can read the same pending
 * row, but only one can move it out of {@code pending}, and no check can happen beyond the attempt budget.
 */
@Repository
class ChallengeRepository {

    private final JdbcClient jdbc;

    ChallengeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    int supersedePending(ChallengeKey key) {
        return jdbc.sql("UPDATE challenges SET status = 'superseded' WHERE subject_id = ? AND channel = ? "
                        + "AND destination = ? AND purpose = ? AND tenant_id = ? AND application_id = ? AND status = 'pending'")
                .params(key.subjectId(), key.channel().wireName(), key.destination(), key.purpose(), key.tenantId(),
                        key.applicationId())
                .update();
    }

    void insert(String id, ChallengeKey key, String secretHash, int maxAttempts, Instant now, Instant expiresAt,
            String options, String clientIp) {
        jdbc.sql("INSERT INTO challenges (id, tenant_id, application_id, subject_id, channel, purpose, destination, "
                        + "secret_hash, status, attempts, max_attempts, options, created_at, expires_at, client_ip) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)")
                .params(id, key.tenantId(), key.applicationId(), key.subjectId(), key.channel().wireName(), key.purpose(),
                        key.destination(), secretHash, maxAttempts, options, utc(now), utc(expiresAt),
                        clientIp == null ? null : clientIp.substring(0, Math.min(45, clientIp.length())))
                .update();
    }

    /** Per channel: codes and links issued to the tenant since {@code since}, and how many of them were verified. */
    List<VerificationLog.ChannelCount> counts(String tenantId, Instant since) {
        return jdbc.sql("SELECT channel, COUNT(*) AS issued, SUM(CASE WHEN status = 'consumed' THEN 1 ELSE 0 END) "
                        + "AS verified FROM challenges WHERE tenant_id = ? AND created_at >= ? GROUP BY channel "
                        + "ORDER BY channel")
                .params(tenantId, utc(since))
                .query((rs, n) -> new VerificationLog.ChannelCount(rs.getString("channel"), rs.getLong("issued"),
                        rs.getLong("verified")))
                .list();
    }

    /** The tenant's challenges, newest first, optionally of one application (the verification log). */
    List<VerificationLog.Entry> log(String tenantId, String applicationId, int offset, int limit,
            Instant now) {
        String where = applicationId == null ? "WHERE tenant_id = ?" : "WHERE tenant_id = ? AND application_id = ?";
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (applicationId != null) {
            params.add(applicationId);
        }
        params.add(limit);
        params.add(offset);
        return jdbc.sql("SELECT id, application_id, channel, purpose, destination, status, attempts, client_ip, "
                        + "created_at, expires_at, consumed_at FROM challenges " + where
                        + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(params)
                .query((rs, n) -> VerificationLog.Entry.of(rs.getString("id"), rs.getString("application_id"),
                        rs.getString("channel"), rs.getString("purpose"), rs.getString("destination"),
                        ChallengeStatus.of(rs.getString("status")), rs.getInt("attempts"), rs.getString("client_ip"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("consumed_at", OffsetDateTime.class) == null ? null
                                : rs.getObject("consumed_at", OffsetDateTime.class).toInstant(), now))
                .list();
    }

    /** The newest challenge under the key, a pending one first. */
    Optional<StoredChallenge> latest(ChallengeKey key) {
        return jdbc.sql("SELECT id, secret_hash, status, attempts, max_attempts, expires_at FROM challenges "
                        + "WHERE subject_id = ? AND channel = ? AND destination = ? AND purpose = ? "
                        + "AND tenant_id = ? AND application_id = ? "
                        + "ORDER BY CASE WHEN status = 'pending' THEN 0 ELSE 1 END, created_at DESC LIMIT 1")
                .params(key.subjectId(), key.channel().wireName(), key.destination(), key.purpose(), key.tenantId(),
                        key.applicationId())
                .query((rs, n) -> new StoredChallenge(rs.getString("id"), rs.getString("secret_hash"),
                        ChallengeStatus.of(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_attempts"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** The challenge's status now, as committed (a read after a lost race sees the winner's change). */
    Optional<ChallengeStatus> status(String id) {
        return jdbc.sql("SELECT status FROM challenges WHERE id = ?").param(id).query(String.class).optional()
                .map(ChallengeStatus::of);
    }

    /** The keyed hashes of the challenges consumed under the key, newest first, at most {@code limit}. */
    List<ConsumedChallenge> consumed(ChallengeKey key, int limit) {
        return jdbc.sql("SELECT id, secret_hash FROM challenges WHERE subject_id = ? AND channel = ? "
                        + "AND destination = ? AND purpose = ? AND tenant_id = ? AND application_id = ? "
                        + "AND status = 'consumed' ORDER BY consumed_at DESC LIMIT ?")
                .params(key.subjectId(), key.channel().wireName(), key.destination(), key.purpose(), key.tenantId(),
                        key.applicationId(), limit)
                .query((rs, n) -> new ConsumedChallenge(rs.getString("id"), rs.getString("secret_hash")))
                .list();
    }

    /** A challenge by id with everything it is bound to; used for links, whose token names the challenge. */
    Optional<BoundChallenge> byId(String id) {
        return jdbc.sql("SELECT id, tenant_id, application_id, subject_id, channel, purpose, destination, secret_hash, "
                        + "status, expires_at, options FROM challenges WHERE id = ?")
                .param(id)
                .query((rs, n) -> new BoundChallenge(rs.getString("id"),
                        new ChallengeKey(rs.getString("tenant_id"), rs.getString("application_id"),
                                rs.getString("subject_id"), Channel.valueOf(rs.getString("channel").toUpperCase(java.util.Locale.ROOT)),
                                rs.getString("purpose"), rs.getString("destination")),
                        rs.getString("secret_hash"), ChallengeStatus.of(rs.getString("status")),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(), rs.getString("options")))
                .optional();
    }

    /**
     * Counts a correct check and consumes the code in one statement. True only for the one caller that
     * moved it out of {@code pending} while attempts remained.
     */
    boolean consume(String id, Instant now) {
        return jdbc.sql("UPDATE challenges SET attempts = attempts + 1, status = 'consumed', consumed_at = ? "
                        + "WHERE id = ? AND status = 'pending' AND attempts < max_attempts AND expires_at > ?")
                .params(utc(now), id, utc(now))
                .update() == 1;
    }

    /**
     * Marks an expired code as such. True only for the one caller that moved it out of {@code pending}, so that
     * its expiry is reported once however many checks find it.
     */
    boolean expire(String id) {
        return jdbc.sql("UPDATE challenges SET status = 'expired' WHERE id = ? AND status = 'pending'")
                .param(id)
                .update() == 1;
    }

    /**
     * Counts a wrong check; the check that spends the last attempt kills the code. False when the code was no
     * longer pending with attempts left (another request consumed or killed it first).
     */
    boolean countFailure(String id) {
        return jdbc.sql("UPDATE challenges SET attempts = attempts + 1, "
                        + "status = CASE WHEN attempts + 1 >= max_attempts THEN 'failed' ELSE status END "
                        + "WHERE id = ? AND status = 'pending' AND attempts < max_attempts")
                .param(id)
                .update() == 1;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    record BoundChallenge(String id, ChallengeKey key, String secretHash, ChallengeStatus status, Instant expiresAt,
            String options) {
    }

    record ConsumedChallenge(String id, String secretHash) {
    }

    record StoredChallenge(String id, String secretHash, ChallengeStatus status, int attempts, int maxAttempts,
            Instant expiresAt) {
    }
}
