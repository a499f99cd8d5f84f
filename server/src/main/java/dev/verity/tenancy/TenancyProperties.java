package dev.verity.tenancy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * @param cacheTtl how long a node keeps an application, client, flow or webhook secret it read
 *                 ({@code verity.tenancy.cache-ttl}); a change made on another node is seen within it, one
 *                 made on this node at once. {@code 0s} turns the cache off.
 */
@Validated
@ConfigurationProperties("verity.tenancy")
public record TenancyProperties(@DefaultValue("5s") @NotNull Duration cacheTtl) {
}
