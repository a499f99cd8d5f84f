package dev.verity.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Verity may connect on a tenant's behalf ({@code verity.outbound.*}).
 *
 * @param allowPrivateNetworks let tenant URLs reach loopback, private and other non-public addresses: for
 *                             development and tests, where receivers run on the same machine; never in production
 */
@Validated
@ConfigurationProperties("verity.outbound")
record OutboundProperties(@DefaultValue("false") boolean allowPrivateNetworks) {
}
