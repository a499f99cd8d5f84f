package dev.verity.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** SECURITY.md rule 20 and the contract's address rules: strict RFC 5321 parsing, trimmed, domain lower-cased. */
class EmailAddressTest {

    @Test
    void parseWhenPlainAddressThenValueIsUnchanged() {
        assertThat(EmailAddress.parse("alice@example.com").value()).isEqualTo("alice@example.com");
        assertThat(EmailAddress.parse("first.last+tag@mail.example.co.uk").value())
                .isEqualTo("first.last+tag@mail.example.co.uk");
        assertThat(EmailAddress.parse("o'brien_{x}~=!#$%&*/?^`|-@xn--bcher-kva.example").value())
                .isEqualTo("o'brien_{x}~=!#$%&*/?^`|-@xn--bcher-kva.example");
    }

    @Test
    void parseWhenSurroundedByWhitespaceThenTrimmed() {
        assertThat(EmailAddress.parse("  alice@example.com \t").value()).isEqualTo("alice@example.com");
        assertThat(EmailAddress.parse("\nalice@example.com\n").value()).isEqualTo("alice@example.com");
    }

    @Test
    void parseWhenMixedCaseThenDomainLowerCasedAndLocalPartKept() {
        assertThat(EmailAddress.parse("John.Doe@Example.COM").value()).isEqualTo("John.Doe@example.com");
        assertThat(EmailAddress.parse(" ALICE@MAIL.EXAMPLE.ORG ").toString()).isEqualTo("ALICE@mail.example.org");
    }

    @Test
    void parseWhenLocalPartIs64ThenAcceptedAnd65ThenRejected() {
        String local64 = "a".repeat(64);
        assertThat(EmailAddress.parse(local64 + "@example.com").value()).isEqualTo(local64 + "@example.com");
        assertRejected("a".repeat(65) + "@example.com");
    }

    @Test
    void parseWhenWholeAddressIs254ThenAcceptedAnd255ThenRejected() {
        String at254 = address(64, 254);
        assertThat(at254).hasSize(254);
        assertThat(EmailAddress.parse(at254).value()).isEqualTo(at254);

        String at255 = address(64, 255);
        assertThat(at255).hasSize(255);
        assertRejected(at255);
    }

    @Test
    void parseWhenDomainLongerThan255ThenRejected() {
        String domain = labels(256);
        assertThat(domain).hasSize(256);
        assertRejected("a@" + domain);
    }

    @Test
    void parseWhenDomainLabelLongerThan63ThenRejected() {
        assertThat(EmailAddress.parse("a@" + "b".repeat(63) + ".com").value()).endsWith(".com");
        assertRejected("a@" + "b".repeat(64) + ".com");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "alice", "@example.com", "alice@", "alice@@example.com"})
    void parseWhenNotAnAddressThenRejected(String raw) {
        assertRejected(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Alice <alice@example.com>",
            "\"Alice\" <alice@example.com>",
            "<alice@example.com>",
            "alice@example.com (Alice)",
            "alice(comment)@example.com",
            "\"john doe\"@example.com",
            "\"john@doe\"@example.com",
            "\"\"@example.com",
            "@route.example:alice@example.com",
            "group: alice@example.com;",
            "alice@example.com, bob@example.com"})
    void parseWhenDisplayNameQuotedStringCommentOrListThenRejected(String raw) {
        assertRejected(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "alice@[192.168.0.1]",
            "alice@[IPv6:2001:db8::1]",
            "alice@192.168.0.1",
            "alice@localhost",
            "alice@example",
            "alice@example.123"})
    void parseWhenIpLiteralOrNoTopLevelDomainThenRejected(String raw) {
        assertRejected(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "alice@example.com\r\nBcc: victim@example.org",
            "alice@example.com\nBcc: victim@example.org",
            "alice\r\n@example.com",
            "alice@exa\rmple.com",
            "alice@example.com\u0000",
            "al ice@example.com",
            "alice @example.com",
            "alice@ example.com",
            "alice@exa mple.com",
            "alice\t@example.com"})
    void parseWhenControlCharactersOrInnerSpacesThenRejected(String raw) {
        assertRejected(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\u0430lice@example.com",            // Cyrillic а in the local part
            "alice@ex\u0430mple.com",            // Cyrillic а in the domain
            "alice@\u0435xample.com",            // Cyrillic е
            "alice\uFF20example.com",            // full-width @
            "alice@example\uFF0Ecom",            // full-width full stop
            "alice@example.c\u043Em",            // Cyrillic о in the TLD
            "alice@b\u00FCcher.example",         // an IDN not in its xn-- form
            "al\u00EFce@example.com",            // non-ASCII local part
            "alice\u200B@example.com",           // zero-width space
            "alice@example.com\u202E"})          // right-to-left override
    void parseWhenNonAsciiLookAlikesThenRejected(String raw) {
        assertRejected(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jo..hn@example.com",
            ".john@example.com",
            "john.@example.com",
            "john@example..com",
            "john@.example.com",
            "john@example.com.",
            "john@-example.com",
            "john@example-.com",
            "john@exa_mple.com"})
    void parseWhenDotsOrHyphensMisplacedThenRejected(String raw) {
        assertRejected(raw);
    }

    @Test
    void parseWhenRejectedThenMessageDoesNotEchoTheInput() {
        assertThatThrownBy(() -> EmailAddress.parse("<script>@example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("<script>");
    }

    private static void assertRejected(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw))
                .as("%s", raw)
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** local@domain with a local part of {@code localLength} and a valid domain making {@code total} characters. */
    private static String address(int localLength, int total) {
        return "a".repeat(localLength) + "@" + labels(total - localLength - 1);
    }

    /** A valid host name of exactly {@code length} characters: labels of ≤ 63 characters ending in ".com". */
    private static String labels(int length) {
        StringBuilder domain = new StringBuilder();
        int remaining = length - 4; // ".com"
        while (remaining > 0) {
            if (domain.length() > 0) {
                domain.append('.');
                remaining--;
            }
            int label = Math.min(63, remaining);
            if (remaining - label == 1) {
                label--; // never leave a single character for a trailing dot
            }
            domain.append("d".repeat(label));
            remaining -= label;
        }
        return domain.append(".com").toString();
    }
}
