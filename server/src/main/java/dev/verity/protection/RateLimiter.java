package dev.verity.protection;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.stereotype.Service;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.Limits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;

/**
 * The send and check budgets of SECURITY.md rule 10, as Bucket4j token buckets stored in the database
 * ({@link JdbcBucketStore}), so that every node on one database shares them and parallel requests cannot
 * overspend. A send takes a token from each of its buckets in turn (address cooldown, sends per address,
 * per user, per IP, and for SMS the application's daily budget); if one is empty, the tokens already taken
 * are given back, so a refused send costs nothing. Failed checks are counted per address across all of its
 * codes, so asking for a new code does not reset the guessing budget.
 */
@Service
public class RateLimiter {

    private final JdbcBucketStore buckets;
    private final ProtectionEvents events;

    RateLimiter(DataSource dataSource, Clock clock, ProtectionEvents events) {
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.buckets = new JdbcBucketStore(dataSource, ClientSideConfig.getDefault().withClientClock(time));
        this.events = events;
    }

    /** Who asks for a send: the address, the subject (user or registration) and the client IP. */
    public record Sender(String channel, String address, String subject, String ip) {
    }

    /**
     * Charges one send to every budget that applies.
     *
     * @throws RateLimitedException when one is spent; nothing stays charged then
     */
    public void chargeSend(Application app, Sender sender) {
        Limits limits = app.limits();
        List<BucketProxy> taken = new ArrayList<>();
        try {
            take(taken, bucket(app, "cooldown:" + sender.channel() + ":" + sender.address(),
                    () -> single(1, limits.resendCooldown())));
            take(taken, bucket(app, "address:" + sender.channel() + ":" + sender.address(),
                    () -> single(limits.sendsPerAddress().count(), limits.sendsPerAddress().window())));
            take(taken, bucket(app, "subject:" + sender.subject(),
                    () -> single(limits.sendsPerUser().count(), limits.sendsPerUser().window())));
            if (sender.ip() != null) {
                take(taken, bucket(app, "ip:" + sender.ip(),
                        () -> single(limits.sendsPerIp().count(), limits.sendsPerIp().window())));
            }
            if ("sms".equals(sender.channel())) {
                take(taken, bucket(app, "sms-day", () -> single(limits.smsPerDay(), Duration.ofDays(1))));
            }
        } catch (RateLimitedException e) {
            taken.forEach(bucket -> bucket.addTokens(1));
            events.record(app.tenantId(), app.id(), "send_rate_limited", sender.channel() + ":" + sender.address());
            throw e;
        }
    }

    /**
     * Refuses a check outright when the address has no failed checks left, so that even the right code is
     * refused until the window passes.
     */
    public void requireCheckBudget(Application app, String channel, String address) {
        BucketProxy bucket = failedChecks(app, channel, address);
        if (bucket.getAvailableTokens() < 1) {
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                events.record(app.tenantId(), app.id(), "check_budget_spent", channel + ":" + address);
                throw new RateLimitedException(Duration.ofNanos(probe.getNanosToWaitForRefill()));
            }
            bucket.addTokens(1);
        }
    }

    /** Spends one failed check of the address. */
    public void recordFailedCheck(Application app, String channel, String address) {
        failedChecks(app, channel, address).tryConsume(1);
    }

    private BucketProxy failedChecks(Application app, String channel, String address) {
        Limits limits = app.limits();
        return bucket(app, "failed:" + channel + ":" + address,
                () -> single(limits.failedChecksPerAddress().count(), limits.failedChecksPerAddress().window()));
    }

    private static void take(List<BucketProxy> taken, BucketProxy bucket) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new RateLimitedException(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        taken.add(bucket);
    }

    private BucketProxy bucket(Application app, String key, Supplier<BucketConfiguration> configuration) {
        BucketConfiguration config = configuration.get();
        // a changed limit replaces the stored configuration, keeping the tokens in proportion
        long version = Math.abs((long) config.toString().hashCode());
        return buckets.builder()
                .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
                .build(app.id() + ":" + key, config);
    }

    /** {@code count} tokens per {@code window}, refilled gradually, starting full. */
    private static BucketConfiguration single(long count, Duration window) {
        Duration period = window.isZero() ? Duration.ofMillis(1) : window;
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(count).refillGreedy(count, period).build())
                .build();
    }
}
