package dev.verity.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.Limits;
import dev.verity.tenancy.OtpPolicy;

/**
 * Applications for tests that call a feature directly: {@code TestApplications.application().limit("sms_per_day",
 * "2").smsCountries("US").build()}. Each gets a fresh id, so its budgets are its own, in the test set-up file's
 * tenant {@code acme}.
 */
public final class TestApplications {

    private String id = "app-" + UUID.randomUUID().toString().substring(0, 8);
    private String name = "Test App";
    private OtpPolicy otp = new OtpPolicy(6, Duration.ofMinutes(10), 5);
    private final Map<String, String> limits = new LinkedHashMap<>();
    private List<String> smsCountries = List.of();

    private TestApplications() {
    }

    public static TestApplications application() {
        return new TestApplications();
    }

    public TestApplications name(String name) {
        this.name = name;
        return this;
    }

    public TestApplications otp(int length, Duration ttl, int maxAttempts) {
        this.otp = new OtpPolicy(length, ttl, maxAttempts);
        return this;
    }

    /** One limit as the set-up file writes it, e.g. {@code limit("sends_per_address", "2/10m")}. */
    public TestApplications limit(String key, String value) {
        limits.put(key, value);
        return this;
    }

    public TestApplications smsCountries(String... countries) {
        this.smsCountries = List.of(countries);
        return this;
    }

    public Application build() {
        return new Application(id, "acme", name, otp, List.of("en"), List.of(), Limits.DEFAULT.with(limits),
                smsCountries);
    }
}
