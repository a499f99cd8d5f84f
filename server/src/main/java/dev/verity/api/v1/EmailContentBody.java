package dev.verity.api.v1;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.verity.delivery.EmailContent;

/**
 * Transmit's {@code email_content}. Subject and sender name become mail headers, so control characters are
 * refused there (no header injection); the other texts may span lines. All values are escaped when rendered.
 */
record EmailContentBody(
        @NotNull(message = "subject should not be empty")
        @Size(max = 200, message = "subject must be shorter than or equal to 200 characters")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "subject must not contain control characters")
        String subject,
        @Pattern(regexp = "#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", message = "primaryColor must be a hexadecimal color")
        String primaryColor,
        @ValidLogo(message = "base64logo must be a base64 encoded PNG, JPEG, GIF or WebP image of at most 20000 characters")
        String base64logo,
        @Size(max = 1000, message = "headerText must be shorter than or equal to 1000 characters") String headerText,
        @Size(max = 4000, message = "bodyText must be shorter than or equal to 4000 characters") String bodyText,
        @Size(max = 200, message = "linkText must be shorter than or equal to 200 characters") String linkText,
        @Size(max = 4000, message = "infoText must be shorter than or equal to 4000 characters") String infoText,
        @Size(max = 2000, message = "footerText must be shorter than or equal to 2000 characters") String footerText,
        @Size(max = 100, message = "senderName must be shorter than or equal to 100 characters")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "senderName must not contain control characters")
        String senderName) {

    EmailContent toContent() {
        return new EmailContent(subject, primaryColor, base64logo, headerText, bodyText, linkText, infoText, footerText,
                senderName);
    }
}
