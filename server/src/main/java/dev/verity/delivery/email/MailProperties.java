package dev.verity.delivery.email;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Email settings ({@code verity.mail.*}); the SMTP server itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param from               the envelope and header sender of every email
 * @param sessionIdleLimit   an SMTP session idle for longer is closed rather than reused
 *                           ({@code verity.mail.session-idle-limit}); relays drop idle sessions after minutes
 * @param messagesPerSession messages sent on one SMTP session before it is closed and a new one opened
 *                           ({@code verity.mail.messages-per-session}); some relays cap it
 */
@Validated
@ConfigurationProperties("verity.mail")
record MailProperties(@DefaultValue("verity@localhost") @NotBlank String from,
        @DefaultValue("30s") @NotNull Duration sessionIdleLimit,
        @DefaultValue("100") @Min(1) int messagesPerSession) {
}
