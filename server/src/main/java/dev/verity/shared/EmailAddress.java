package dev.verity.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A strictly parsed mailbox address: {@code local@domain}, nothing else (no display name, comments,
 * routes, groups or quoted strings). Limits are RFC 5321 §4.5.3.1: local part ≤ 64 octets, domain ≤ 255,
 * whole path ≤ 254. The domain must be an ASCII host name (IDNs in their {@code xn--} form), which also
 * keeps look-alike Unicode domains out. Surrounding whitespace is trimmed and the domain lower-cased;
 * the local part keeps its case (RFC 5321 §2.4).
 */
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 254;

    // dot-atom local part (RFC 5322 §3.2.3) with printable ASCII atext only
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * @throws IllegalArgumentException with a message fit for a 400 response when {@code raw} is not an address
     */
    public static EmailAddress parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("must be an email");
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be an email");
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new IllegalArgumentException("must be an email");
        }
        String local = trimmed.substring(0, at);
        String rawDomain = trimmed.substring(at + 1);
        // check before lower-casing: Java lower-cases some non-ASCII look-alikes (U+212A KELVIN SIGN) to ASCII
        if (!rawDomain.chars().allMatch(c -> c < 128)) {
            throw new IllegalArgumentException("must be an email");
        }
        String domain = rawDomain.toLowerCase(Locale.ROOT);
        if (local.length() > 64 || domain.length() > 255 || !LOCAL.matcher(local).matches()) {
            throw new IllegalArgumentException("must be an email");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw new IllegalArgumentException("must be an email");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("must be an email");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("must be an email");
        }
        return new EmailAddress(local + "@" + domain);
    }

    @Override
    public String toString() {
        return value;
    }
}
