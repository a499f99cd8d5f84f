package dev.verity.protection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Token buckets as rows, changed only by conditional statements inside the caller's transaction. A bucket is
 * kept as the generic cell rate algorithm keeps it (ITU-T I.371; the same limit as a token bucket with
 * greedy refill): one time, the theoretical arrival time {@code tat}. Each token moves it one emission
 * interval {@code window / capacity} ahead, and a take is allowed while the new time stays within
 * {@code capacity} intervals of now. A take is one {@code UPDATE … WHERE <new tat> <= now + window}: the row lock it takes is
 * held until the request commits, so parallel requests queue on the bucket and cannot both take its last
 * token, on every node of the database. Integer microseconds, so a refill is never lost to rounding. A
 * stored time more than two full buckets ahead can only come from a clock that went back (a node's, or a
 * test's); it counts as a full bucket, so a clock step never bans anyone. (Within that, a time slightly ahead is ordinary: requests that read the clock before queueing on
 * the row, or nodes whose clocks differ a little, and it must count in full.)
 */
@Repository
class BucketRepository {

    private final JdbcClient jdbc;

    BucketRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes one token if the bucket holds one now. A bucket never seen is full. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean take(String id, Bucket bucket, long nowMicros) {
        if (takeExisting(id, bucket, nowMicros)) {
            return true;
        }
        int inserted = jdbc.sql("INSERT INTO rate_buckets (id, tat) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(id, nowMicros + bucket.intervalMicros())
                .update();
        // lost an insert race: the other request's row is committed now, so decide on it
        return inserted == 1 || takeExisting(id, bucket, nowMicros);
    }

    private boolean takeExisting(String id, Bucket bucket, long now) {
        long full = now + bucket.burstMicros();
        long impossible = full + bucket.burstMicros();
        String effective = "(CASE WHEN tat > ? THEN ? ELSE GREATEST(tat, ?) END)";
        return jdbc.sql("UPDATE rate_buckets SET tat = " + effective + " + ? WHERE id = ? AND " + effective + " + ? <= ?")
                .params(impossible, now, now, bucket.intervalMicros(), id, impossible, now, now,
                        bucket.intervalMicros(), full)
                .update() == 1;
    }

    /** Returns a token taken in this transaction (the request is refused by a later bucket). */
    @Transactional(propagation = Propagation.MANDATORY)
    void giveBack(String id, Bucket bucket) {
        jdbc.sql("UPDATE rate_buckets SET tat = tat - ? WHERE id = ?").params(bucket.intervalMicros(), id).update();
    }

    /** Microseconds until the bucket holds a token again; 0 when it holds one now. Reads without locking. */
    long waitMicros(String id, Bucket bucket, long nowMicros) {
        long tat = jdbc.sql("SELECT tat FROM rate_buckets WHERE id = ?").param(id).query(Long.class).optional()
                .orElse(nowMicros);
        long full = nowMicros + bucket.burstMicros();
        long effective = tat > full + bucket.burstMicros() ? nowMicros : Math.max(tat, nowMicros);
        return Math.max(0, effective + bucket.intervalMicros() - full);
    }

    /** Deletes up to {@code limit} buckets that are full again; a missing bucket is a full one. */
    int deleteFull(long nowMicros, int limit) {
        return jdbc.sql("DELETE FROM rate_buckets WHERE id IN (SELECT id FROM rate_buckets WHERE tat < ? LIMIT ?)")
                .params(nowMicros, limit).update();
    }

    /** A bucket's shape: {@code capacity} tokens (at least one), all refilled over {@code window}. */
    record Bucket(long capacity, long windowMicros) {
        Bucket {
            if (capacity < 1 || windowMicros < 1) {
                throw new IllegalArgumentException("a bucket needs a capacity and a window");
            }
        }

        /** The row of the bucket called {@code name} with this shape. */
        String id(String name) {
            return name + "#" + capacity + "/" + windowMicros;
        }

        static Bucket of(long capacity, java.time.Duration window) {
            return new Bucket(capacity, Math.max(1, window.toNanos() / 1000));
        }

        /** The emission interval: one token comes back every this many microseconds. */
        long intervalMicros() {
            return Math.max(1, windowMicros / capacity);
        }

        /** How far ahead of now the arrival time may run: exactly {@code capacity} intervals, no rounding up. */
        long burstMicros() {
            return capacity * intervalMicros();
        }
    }
}
