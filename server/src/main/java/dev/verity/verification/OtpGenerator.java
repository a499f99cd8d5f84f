package dev.verity.verification;

import java.security.SecureRandom;

/**
 * One-time passcodes: uniformly random digits from {@link SecureRandom} (SECURITY.md rule 1; NIST SP 800-63B
 * §5.1.3.2). Six digits give about 20 bits, the floor the rule sets.
 */
final class OtpGenerator {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] BOUNDS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private OtpGenerator() {
    }

    static String digits(int length) {
        if (length < 4 || length > 8) {
            throw new IllegalArgumentException("OTP length must be 4 to 8 digits");
        }
        String value = Integer.toString(RANDOM.nextInt(BOUNDS[length]));
        return "0".repeat(length - value.length()) + value;
    }
}
