package dev.verity.delivery;

/**
 * How many SMS segments a text costs, and in which encoding it travels (3GPP TS 23.038). A text made only
 * of GSM 03.38 characters is GSM-7: 160 septets in one segment, 153 per segment when split (the rest is the
 * concatenation header); characters of the extension table (such as € [ ] { }) take two septets. Anything
 * else forces UCS-2: 70 UTF-16 units in one segment, 67 per segment when split.
 *
 * <p>Written here because no maintained Java library does this small, fixed calculation.
 */
public record SmsSegments(String encoding, int segments) {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    public static SmsSegments of(String text) {
        int septets = 0;
        boolean gsm = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets += 1;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                gsm = false;
                break;
            }
        }
        if (gsm) {
            return new SmsSegments("GSM-7", septets <= 160 ? 1 : (septets + 152) / 153);
        }
        int units = text.length();
        return new SmsSegments("UCS-2", units <= 70 ? 1 : (units + 66) / 67);
    }
}
