package dev.verity.delivery;

/**
 * An email to render and send: which template, in which language, to whom, with which values. Queued as is
 * (sealed) and rendered by the dispatcher, so a request never pays for rendering or SMTP.
 *
 * @param template  template name under {@code templates/mail/}
 * @param language  BCP 47 tag of the message language
 * @param appName   the application's name, shown in default texts
 * @param secret    the code (or link) the message carries; appears only in the rendered message
 * @param ttlMinutes how long the code lives, for the default texts
 * @param content   caller-supplied texts replacing the defaults, or null
 */
public record EmailRequest(String template, String language, String to, String appName, String secret,
        long ttlMinutes, EmailContent content) {
}
