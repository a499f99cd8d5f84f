package dev.verity.tenancy;

import java.time.Duration;

/**
 * How an application's one-time passcodes look and live. Bounds follow SECURITY.md rules 1, 8 and 9:
 * 4–8 digits (≥ 20 bits at the default 6), at most 10 minutes for a code that may go by SMS, 1–20 checks.
 */
public record OtpPolicy(int length, Duration ttl, int maxAttempts) {

    public static final OtpPolicy DEFAULT = new OtpPolicy(6, Duration.ofMinutes(10), 5);

    public OtpPolicy {
        if (length < 4 || length > 8) {
            throw new InvalidSettingException("otp.length", "must be between 4 and 8");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidSettingException("otp.ttl", "must be positive and at most 10m");
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new InvalidSettingException("otp.max_attempts", "must be between 1 and 20");
        }
    }
}
