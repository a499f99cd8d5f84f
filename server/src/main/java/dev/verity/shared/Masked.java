package dev.verity.shared;

/**
 * Addresses as logs and overviews show them: enough to tell them apart and to recognise one's own, not enough
 * to write to. {@code jane.doe@example.com} → {@code j***e@example.com}; {@code +14155550123} →
 * {@code +1415*****23} (a number keeps its length: its country and area stay readable).
 */
public final class Masked {

    private Masked() {
    }

    /** An email address, an E.164 number, or anything else (then only its first character shows). */
    public static String address(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        int at = value.lastIndexOf('@');
        if (at > 0) {
            String local = value.substring(0, at);
            String shown = local.length() <= 2 ? local.substring(0, 1) + "***"
                    : local.charAt(0) + "***" + local.charAt(local.length() - 1);
            return shown + value.substring(at);
        }
        if (value.startsWith("+") && value.length() > 7) {
            return value.substring(0, 5) + "*".repeat(value.length() - 7) + value.substring(value.length() - 2);
        }
        return value.charAt(0) + "***";
    }
}
