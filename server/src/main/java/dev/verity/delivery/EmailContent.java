package dev.verity.delivery;

/**
 * Caller-supplied texts, colour, logo and sender name for an email (Transmit's {@code email_content}).
 * When given, it replaces the default template's texts entirely; fields left out render empty. Every value
 * is escaped when rendered.
 */
public record EmailContent(String subject, String primaryColor, String base64logo, String headerText,
        String bodyText, String linkText, String infoText, String footerText, String senderName) {
}
