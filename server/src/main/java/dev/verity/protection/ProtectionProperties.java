package dev.verity.protection;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * @param sweepInterval how often each node deletes buckets that are full again and paid sends the pumping
 *                      guard no longer looks at ({@code verity.protection.sweep-interval})
 */
@Validated
@ConfigurationProperties("verity.protection")
public record ProtectionProperties(@DefaultValue("5m") @NotNull Duration sweepInterval) {
}
