package dev.verity.delivery;

import java.time.Duration;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The dispatcher's default retry policy ({@code verity.delivery.*}): {@code max-attempts} attempts, waiting
 * {@code initial-backoff} × 2^(n-1) after the n-th failed one, capped at {@code max-backoff}, with jitter of
 * half the initial backoff so that messages failed together do not all come back together.
 */
final class BackoffRetry implements RetryPolicy {

    private final ExponentialBackOff backOff;
    private final int maxAttempts;

    BackoffRetry(DeliveryProperties settings) {
        this.maxAttempts = settings.maxAttempts();
        this.backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        backOff.setJitter(settings.initialBackoff().toMillis() / 2);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public Duration delayAfter(int failedAttempt) {
        BackOffExecution execution = backOff.start();
        long delay = 0;
        for (int i = 0; i < failedAttempt; i++) {
            delay = execution.nextBackOff();
        }
        return Duration.ofMillis(Math.max(0, delay));
    }
}
