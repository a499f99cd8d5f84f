package dev.verity.api.v2;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.verity.shared.EmailAddress;
import dev.verity.shared.PhoneNumbers;
import tools.jackson.databind.JsonNode;

/**
 * Reads a v2 request body field by field, collecting every problem so that one 409 names them all
 * ({@code missing project}, {@code invalid email}…).
 */
final class Fields {

    private static final Pattern COUNTRY_CODE = Pattern.compile("\\+\\d{1,3}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,8}");

    private final JsonNode body;
    private final List<String> problems = new ArrayList<>();

    Fields(JsonNode body) {
        this.body = body == null || !body.isObject() ? null : body;
        if (this.body == null) {
            problems.add("invalid body");
        }
    }

    /** A required string field. */
    String required(String name) {
        return required(name, 500);
    }

    /** A required string field of at most {@code max} characters. */
    String required(String name, int max) {
        String value = optional(name, max);
        if (value == null && body != null && !problems.contains("invalid " + name)) {
            problems.add("missing " + name);
        }
        return value;
    }

    String optional(String name) {
        return optional(name, 500);
    }

    /** An optional string field of at most {@code max} characters (what its column holds). */
    String optional(String name, int max) {
        JsonNode node = body == null ? null : body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.asString().strip().length() > max) {
            problems.add("invalid " + name);
            return null;
        }
        String value = node.asString().strip();
        return value.isEmpty() ? null : value;
    }

    /** A required field with a fixed set of values. */
    String oneOf(String name, String... allowed) {
        String value = required(name);
        if (value != null && !List.of(allowed).contains(value)) {
            problems.add("invalid " + name);
            return null;
        }
        return value;
    }

    /** Verifik's email rule: lower-cased with every whitespace removed, then parsed strictly. */
    String email(String name, boolean required) {
        String raw = required ? required(name) : optional(name);
        if (raw == null) {
            return null;
        }
        try {
            return EmailAddress.parse(raw.replaceAll("\\s+", "").toLowerCase(Locale.ROOT)).value();
        } catch (IllegalArgumentException e) {
            problems.add("invalid " + name);
            return null;
        }
    }

    String countryCode(String name, boolean required) {
        String value = required ? required(name) : optional(name);
        if (value != null && !COUNTRY_CODE.matcher(value).matches()) {
            problems.add("invalid " + name);
            return null;
        }
        return value;
    }

    /** The phone with its country code, in E.164; null (with a problem) when either is missing or invalid. */
    String e164(String phoneField, String phone, String countryCode) {
        if (phone == null || countryCode == null) {
            return null;
        }
        try {
            return PhoneNumbers.toE164(countryCode + phone.replaceAll("[\\s().-]", ""));
        } catch (IllegalArgumentException e) {
            problems.add("invalid " + phoneField);
            return null;
        }
    }

    /** Optional ISO-8601 instant that must lie in the future and within {@code max} of now. */
    Instant expiresAt(String name, Instant now, java.time.Duration max) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(value).toInstant();
            if (!at.isAfter(now) || at.isAfter(now.plus(max))) {
                problems.add("invalid " + name);
                return null;
            }
            return at;
        } catch (DateTimeParseException e) {
            problems.add("invalid " + name);
            return null;
        }
    }

    /**
     * The code: a number, left-padded with zeros to {@code length} (so {@code 12345} checks {@code 012345}), or
     * a digit string.
     */
    String otp(String name, int length) {
        JsonNode node = body == null ? null : body.get(name);
        if (node == null || node.isNull()) {
            if (body != null) {
                problems.add("missing " + name);
            }
            return null;
        }
        String digits;
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
            digits = Long.toString(node.asLong());
        } else if (node.isString() && DIGITS.matcher(node.asString().strip()).matches()) {
            digits = node.asString().strip();
        } else {
            problems.add("invalid " + name);
            return null;
        }
        return digits.length() >= length ? digits : "0".repeat(length - digits.length()) + digits;
    }

    /**
     * At least one of two optional fields (a registration needs an email or a phone): when both are absent,
     * and neither was reported invalid, both are missing.
     */
    void requireOneOf(String first, String firstValue, String second, String secondValue) {
        if (body != null && firstValue == null && secondValue == null && !problems.contains("invalid " + first)
                && !problems.contains("invalid " + second)) {
            problems.add("missing " + first);
            problems.add("missing " + second);
        }
    }

    void requireValid() {
        if (!problems.isEmpty()) {
            throw new MissingParameterException(problems);
        }
    }
}
