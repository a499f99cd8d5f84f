package dev.verity.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The tokens Verity issues ({@code verity.token.*}).
 *
 * @param userTokenTtl   lifetime of user access tokens
 * @param clientTokenTtl lifetime of client access tokens
 * @param audience       the {@code aud} of every token Verity issues and accepts
 */
@Validated
@ConfigurationProperties("verity.token")
public record TokenProperties(
        @DefaultValue("1h") @NotNull Duration userTokenTtl,
        @DefaultValue("1h") @NotNull Duration clientTokenTtl,
        @DefaultValue("verity") @NotBlank String audience) {
}
