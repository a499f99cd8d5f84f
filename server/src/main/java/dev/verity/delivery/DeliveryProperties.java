package dev.verity.delivery;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outbox dispatch and retry schedule ({@code verity.delivery.*}): exponential backoff with jitter, bounded
 * attempts.
 *
 * @param pollInterval    how often an idle dispatcher looks for due messages
 * @param batchSize       messages claimed per round
 * @param initialBackoff  delay before the first retry
 * @param maxBackoff      cap on any single delay
 * @param maxAttempts     attempts before a message is marked failed
 * @param claimTimeout    a claim older than this is presumed abandoned by a dead node
 * @param webhookSchedule when each webhook attempt is made, after the previous one failed (Standard Webhooks'
 *                        schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)
 * @param workers         dispatcher threads per node; each sends its batch one message at a time over its
 *                        own SMTP session (so also the most SMTP sessions a node opens)
 */
@Validated
@ConfigurationProperties("verity.delivery")
public record DeliveryProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("20") @Positive int batchSize,
        @DefaultValue("5s") Duration initialBackoff,
        @DefaultValue("15m") Duration maxBackoff,
        @DefaultValue("12") @Positive int maxAttempts,
        @DefaultValue("5m") Duration claimTimeout,
        @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"}) @NotEmpty List<Duration> webhookSchedule,
        @DefaultValue("8") @Positive int workers) {
}
