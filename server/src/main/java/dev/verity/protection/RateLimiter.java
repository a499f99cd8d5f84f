package dev.verity.protection;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Service;

import dev.verity.protection.BucketRepository.Bucket;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.Limits;

/**
 * The send and check budgets of SECURITY.md rule 10, charged inside the request's transaction
 * ({@link BucketRepository}): a send takes one token from each of its buckets in a fixed order (address
 * cooldown, sends per address, per subject, per IP, and for paid channels the application's daily budget),
 * so parallel sends that share buckets meet them in the same order and cannot deadlock. When one is empty
 * the tokens already taken are given back before the refusal is recorded, so a refused send costs nothing
 * even though its transaction commits the record. Every method runs in the caller's transaction (the
 * repositories insist on one) and throws its refusal without marking that transaction for rollback. Failed checks are counted per address across all of its
 * codes, so asking for a new code does not reset the guessing budget.
 *
 * <p>A bucket's row is named by its shape as well, so a changed limit starts from a full bucket rather than
 * from a debt measured in the old limit's terms; the old row expires. The daily budget is application-wide, so it is split into up to {@value #DAILY_SHARDS} buckets whose
 * capacities add up to it: a send starts at a random one and moves on only when that one is empty, so the
 * sends of one application do not all queue on one row, and the total still holds exactly.
 */
@Service
public class RateLimiter {

    static final int DAILY_SHARDS = 8;

    private final BucketRepository buckets;
    private final ProtectionEventRepository events;
    private final Clock clock;

    RateLimiter(BucketRepository buckets, ProtectionEventRepository events, Clock clock) {
        this.buckets = buckets;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Who asks for a send.
     *
     * @param channel the channel's name, for the refusal's record only: budgets count per address, whatever
     *                the channel
     * @param address the destination (an email address or an E.164 number)
     * @param subject the user or registration the code is for
     * @param ip      the client IP, or null when unknown
     * @param paid    whether the message costs money (SMS, WhatsApp): it then counts against the daily budget
     */
    public record Sender(String channel, String address, String subject, String ip, boolean paid) {
    }

    /**
     * Charges one send to every budget that applies, in the caller's transaction.
     *
     * @throws RateLimitedException when one is spent; nothing stays charged then, and the refusal is recorded
     *                              in the caller's transaction, which should commit it
     */
    public void chargeSend(Application app, Sender sender) {
        Limits limits = app.limits();
        long now = now();
        List<Taken> taken = new ArrayList<>();
        String prefix = app.id() + ":";
        try {
            if (!limits.resendCooldown().isZero()) {
                take(taken, prefix + "cooldown:" + sender.address(), Bucket.of(1, limits.resendCooldown()), now);
            }
            take(taken, prefix + "address:" + sender.address(), bucket(limits.sendsPerAddress()), now);
            take(taken, prefix + "subject:" + sender.subject(), bucket(limits.sendsPerUser()), now);
            if (sender.ip() != null) {
                take(taken, prefix + "ip:" + sender.ip(), bucket(limits.sendsPerIp()), now);
            }
            if (sender.paid()) {
                takeDaily(taken, prefix + "paid-day:", limits.smsPerDay(), now);
            }
        } catch (RateLimitedException e) {
            taken.forEach(t -> buckets.giveBack(t.id(), t.bucket()));
            events.record(app.tenantId(), app.id(), "send_rate_limited", sender.channel() + ":" + sender.address());
            throw e;
        }
    }

    /**
     * Refuses a check outright when the address has no failed checks left, so that even the right code is
     * refused until the window passes. The refusal is recorded in the caller's transaction.
     */
    public void requireCheckBudget(Application app, String channel, String address) {
        Bucket bucket = bucket(app.limits().failedChecksPerAddress());
        long wait = buckets.waitMicros(bucket.id(failedKey(app, address)), bucket, now());
        if (wait > 0) {
            events.record(app.tenantId(), app.id(), "check_budget_spent", channel + ":" + address);
            throw new RateLimitedException(Duration.ofNanos(wait * 1000));
        }
    }

    /** Spends one failed check of the address, in the caller's transaction. */
    public void recordFailedCheck(Application app, String address) {
        Bucket bucket = bucket(app.limits().failedChecksPerAddress());
        buckets.take(bucket.id(failedKey(app, address)), bucket, now());
    }

    private static String failedKey(Application app, String address) {
        return app.id() + ":failed:" + address;
    }

    private void take(List<Taken> taken, String name, Bucket bucket, long now) {
        String id = bucket.id(name);
        if (!buckets.take(id, bucket, now)) {
            // the clock again: this request may have queued on the row behind the one that emptied it
            throw new RateLimitedException(Duration.ofNanos(buckets.waitMicros(id, bucket, now()) * 1000));
        }
        taken.add(new Taken(id, bucket));
    }

    private void takeDaily(List<Taken> taken, String prefix, long perDay, long now) {
        int shards = (int) Math.max(1, Math.min(DAILY_SHARDS, perDay));
        int first = ThreadLocalRandom.current().nextInt(shards);
        long soonest = Long.MAX_VALUE;
        for (int i = 0; i < shards; i++) {
            int shard = (first + i) % shards;
            Bucket bucket = Bucket.of(perDay / shards + (shard < perDay % shards ? 1 : 0), Duration.ofDays(1));
            String id = bucket.id(prefix + shard);
            if (buckets.take(id, bucket, now)) {
                taken.add(new Taken(id, bucket));
                return;
            }
            soonest = Math.min(soonest, buckets.waitMicros(id, bucket, now()));
        }
        throw new RateLimitedException(Duration.ofNanos(soonest * 1000));
    }

    private static Bucket bucket(Limits.Rate rate) {
        return Bucket.of(rate.count(), rate.window());
    }

    private long now() {
        return Math.multiplyExact(clock.millis(), 1000L);
    }

    private record Taken(String id, Bucket bucket) {
    }
}
