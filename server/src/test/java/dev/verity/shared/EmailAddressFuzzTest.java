package dev.verity.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link EmailAddress#parse} (SECURITY.md rule 20). Whatever the input, the parser
 * either refuses it with {@link IllegalArgumentException} or returns a canonical address: at most 254 characters,
 * exactly one {@code @}, printable ASCII only (no whitespace, control characters or look-alikes), a local part of
 * 1–64 characters, a lower-case domain; parsing it again gives the same address; and the value differs from
 * the input only by trimming and by lower-casing ASCII letters of the domain — the parser never rewrites a
 * character into another one (a look-alike must be refused, not normalised into an ASCII address).
 *
 * <p>Under {@code ./mvnw test} this runs in Jazzer's regression mode over the empty input and the seed files in
 * {@code src/test/resources/dev/verity/shared/EmailAddressFuzzTestInputs/parse/}. To fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl server test -Dtest=EmailAddressFuzzTest}; a finding is written to that
 * directory and from then on fails the regression run until fixed.
 */
class EmailAddressFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) {
        // the same bytes read two ways: UTF-8 (seeds are readable text) and UTF-16 (any BMP character in 2 bytes)
        check(new String(input, StandardCharsets.UTF_8));
        check(new String(input, StandardCharsets.UTF_16BE));
    }

    private static void check(String raw) {
        EmailAddress parsed;
        try {
            parsed = EmailAddress.parse(raw);
        } catch (IllegalArgumentException refused) {
            return;
        }
        String value = parsed.value();
        assertThat(value).as("length of %s", value).hasSizeLessThanOrEqualTo(EmailAddress.MAX_LENGTH);
        assertThat(value.chars().filter(c -> c == '@').count()).as("@ in %s", value).isEqualTo(1);
        assertThat(value.chars().allMatch(c -> c > 0x20 && c < 0x7f))
                .as("printable ASCII only, no whitespace or control characters: %s", escape(value)).isTrue();
        int at = value.indexOf('@');
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        assertThat(local.length()).as("local part of %s", value).isBetween(1, 64);
        assertThat(domain).as("domain of %s", value).isNotEmpty().isEqualTo(domain.toLowerCase(Locale.ROOT));
        assertThat(EmailAddress.parse(value)).as("re-parsing %s", value).isEqualTo(parsed);
        assertThat(value).as("canonical form of input %s", escape(raw)).isEqualTo(expectedCanonical(raw));
    }

    /** The input trimmed, with ASCII upper-case letters of the domain (after the last '@') lower-cased. */
    private static String expectedCanonical(String raw) {
        String trimmed = raw.strip();
        int at = trimmed.lastIndexOf('@');
        StringBuilder out = new StringBuilder(trimmed.substring(0, at + 1));
        for (char c : trimmed.substring(at + 1).toCharArray()) {
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
