package dev.verity.shared;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The HTTP edge in front of every node.
 *
 * @param trustedProxies proxies (IPs or CIDR ranges) whose {@code X-Forwarded-For} is believed
 *                       ({@code verity.trusted-proxies})
 */
@ConfigurationProperties("verity")
public record ProxyProperties(@DefaultValue List<String> trustedProxies) {
}
