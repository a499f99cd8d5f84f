package dev.verity.delivery.email;

import dev.verity.delivery.InlineLogo;

/** A message ready for SMTP: subject, both bodies, the optional inline logo and the From display name. */
public record RenderedEmail(String tenantId, String to, String fromName, String subject, String html, String text,
        InlineLogo logo) {
}
