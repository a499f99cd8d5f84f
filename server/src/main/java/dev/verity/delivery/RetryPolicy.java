package dev.verity.delivery;

import java.time.Duration;
import java.util.List;

/** When a channel tries again after a failed attempt, and how many attempts it makes in all. */
public interface RetryPolicy {

    int maxAttempts();

    /** The wait after the given attempt (1 = the first) failed, before the next one. */
    Duration delayAfter(int failedAttempt);

    /** A fixed schedule: element {@code n} is the wait before attempt {@code n + 1}; one attempt per element. */
    static RetryPolicy schedule(List<Duration> schedule) {
        List<Duration> copy = List.copyOf(schedule);
        return new RetryPolicy() {
            @Override
            public int maxAttempts() {
                return copy.size();
            }

            @Override
            public Duration delayAfter(int failedAttempt) {
                return copy.get(failedAttempt);
            }
        };
    }
}
