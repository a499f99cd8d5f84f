package dev.verity.protection;

import java.time.Clock;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes protection rows that decide nothing any more: buckets that are full again (a missing bucket is a
 * full one) and paid sends older than the pumping guard looks back. Every node may run it; the deletes are
 * idempotent and bounded per round.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProtectionSweeper implements SchedulingConfigurer {

    private static final int BATCH = 1000;

    private final BucketRepository buckets;
    private final SmsSendRepository sends;
    private final Clock clock;
    private final ProtectionProperties properties;

    ProtectionSweeper(BucketRepository buckets, SmsSendRepository sends, Clock clock, ProtectionProperties properties) {
        this.buckets = buckets;
        this.sends = sends;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweep, properties.sweepInterval());
    }

    void sweep() {
        while (buckets.deleteFull(clock.millis() * 1000, BATCH) == BATCH) {
            Thread.onSpinWait();
        }
        while (sends.deleteBefore(clock.instant().minus(SmsDestinations.WINDOW), BATCH) == BATCH) {
            Thread.onSpinWait();
        }
    }
}
