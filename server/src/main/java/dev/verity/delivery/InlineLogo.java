package dev.verity.delivery;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A logo given as a data URI or bare base64, checked to be a PNG, JPEG, GIF or WebP image by its magic
 * bytes. It is attached as an inline MIME part and referenced by {@code cid:}, which mail clients show
 * without fetching anything remote.
 */
public record InlineLogo(byte[] bytes, String contentType) {

    public static final int MAX_CHARS = 20_000;
    private static final Pattern DATA_URI = Pattern.compile("^data:(image/[a-z0-9.+-]+);base64,(.*)$", Pattern.DOTALL);

    /** @throws IllegalArgumentException when the value is not a base64 image of a known type */
    public static InlineLogo parse(String value) {
        if (value.length() > MAX_CHARS) {
            throw new IllegalArgumentException("must be shorter than or equal to 20000 characters");
        }
        Matcher m = DATA_URI.matcher(value.strip());
        String base64 = m.matches() ? m.group(2) : value.strip();
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be a base64 encoded image");
        }
        String type = sniff(bytes);
        if (type == null) {
            throw new IllegalArgumentException("must be a base64 encoded PNG, JPEG, GIF or WebP image");
        }
        return new InlineLogo(bytes, type);
    }

    private static String sniff(byte[] b) {
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (b.length > 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }
}
