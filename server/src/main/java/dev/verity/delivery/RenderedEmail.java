package dev.verity.delivery;

/** A message ready for SMTP: subject, both bodies, the optional inline logo and the From display name. */
record RenderedEmail(String tenantId, String to, String fromName, String subject, String html, String text,
        InlineLogo logo) {
}
