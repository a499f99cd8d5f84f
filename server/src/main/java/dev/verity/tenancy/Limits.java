package dev.verity.tenancy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;

/**
 * An application's abuse limits (SECURITY.md rules 10 and 12), written as in the set-up file:
 * {@code resend_cooldown: 30s, sends_per_address: 5/10m, failed_checks_per_address: 20/24h,
 * sends_per_user: 20/1h, sends_per_ip: 50/1h, sms_per_day: 10000}. Missing keys keep these defaults.
 */
public record Limits(Duration resendCooldown, Rate sendsPerAddress, Rate failedChecksPerAddress, Rate sendsPerUser,
        Rate sendsPerIp, long smsPerDay) {

    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), new Rate(5, Duration.ofMinutes(10)),
            new Rate(20, Duration.ofHours(24)), new Rate(20, Duration.ofHours(1)), new Rate(50, Duration.ofHours(1)),
            10_000);

    /** {@code count} events per {@code window}. */
    public record Rate(long count, Duration window) {

        public Rate {
            if (count < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a rate needs a positive count and window");
            }
        }

        static Rate parse(String key, String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new InvalidSettingException("limits." + key, "must look like 5/10m");
            }
            try {
                return new Rate(Long.parseLong(text.substring(0, slash).strip()),
                        DurationStyle.detectAndParse(text.substring(slash + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("limits." + key, "must look like 5/10m");
            }
        }

        /** As the set-up file writes it: {@code 5/10m}. */
        String format() {
            return count + "/" + Limits.format(window);
        }

        @Override
        public String toString() {
            return format();
        }
    }

    /** Limits from the set-up file's map; unknown keys are errors. */
    public static Limits parse(Map<String, String> values) {
        return DEFAULT.with(values);
    }

    /** These limits with the named keys changed; unknown keys are errors. */
    public Limits with(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return this;
        }
        Limits l = this;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = String.valueOf(e.getValue()).strip();
            l = switch (e.getKey()) {
                case "resend_cooldown" -> new Limits(duration(e.getKey(), v), l.sendsPerAddress, l.failedChecksPerAddress,
                        l.sendsPerUser, l.sendsPerIp, l.smsPerDay);
                case "sends_per_address" -> new Limits(l.resendCooldown, Rate.parse(e.getKey(), v),
                        l.failedChecksPerAddress, l.sendsPerUser, l.sendsPerIp, l.smsPerDay);
                case "failed_checks_per_address" -> new Limits(l.resendCooldown, l.sendsPerAddress,
                        Rate.parse(e.getKey(), v), l.sendsPerUser, l.sendsPerIp, l.smsPerDay);
                case "sends_per_user" -> new Limits(l.resendCooldown, l.sendsPerAddress, l.failedChecksPerAddress,
                        Rate.parse(e.getKey(), v), l.sendsPerIp, l.smsPerDay);
                case "sends_per_ip" -> new Limits(l.resendCooldown, l.sendsPerAddress, l.failedChecksPerAddress,
                        l.sendsPerUser, Rate.parse(e.getKey(), v), l.smsPerDay);
                case "sms_per_day" -> new Limits(l.resendCooldown, l.sendsPerAddress, l.failedChecksPerAddress,
                        l.sendsPerUser, l.sendsPerIp, positive(e.getKey(), v));
                default -> throw new InvalidSettingException("limits." + e.getKey(), "is not a known limit");
            };
        }
        return l;
    }

    /**
     * The limits in the set-up file's own syntax, every key present: what the admin API shows and accepts,
     * so a value read from it can be written back as it is.
     */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("resend_cooldown", format(resendCooldown));
        m.put("sends_per_address", sendsPerAddress.format());
        m.put("failed_checks_per_address", failedChecksPerAddress.format());
        m.put("sends_per_user", sendsPerUser.format());
        m.put("sends_per_ip", sendsPerIp.format());
        m.put("sms_per_day", Long.toString(smsPerDay));
        return m;
    }

    /** The stored form: {@link #asMap()} as {@code key=value;…}. */
    public String serialize() {
        StringBuilder s = new StringBuilder();
        asMap().forEach((k, v) -> s.append(s.isEmpty() ? "" : ";").append(k).append('=').append(v));
        return s.toString();
    }

    /** A duration in the largest of h, m and s that holds it exactly ({@code 30s}, {@code 10m}, {@code 24h}). */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds == 0) {
            return "0s";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    static Limits deserialize(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return parse(values);
    }

    private static Duration duration(String key, String text) {
        try {
            Duration d = DurationStyle.detectAndParse(text);
            if (d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("limits." + key, "must be a duration such as 30s");
        }
    }

    private static long positive(String key, String text) {
        try {
            long n = Long.parseLong(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException("limits." + key, "must be a positive number");
    }
}
