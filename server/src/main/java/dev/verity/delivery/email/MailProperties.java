package dev.verity.delivery.email;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Email settings ({@code verity.mail.*}); the SMTP server itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param from the envelope and header sender of every email
 */
@Validated
@ConfigurationProperties("verity.mail")
record MailProperties(@DefaultValue("verity@localhost") @NotBlank String from) {
}
