package dev.verity.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The client's IP address for per-IP limits (SECURITY.md rule 11): the TCP peer, unless the peer is one of
 * {@code verity.trusted-proxies} (addresses or CIDR ranges); then {@code X-Forwarded-For} is read from the
 * right, skipping trusted proxies, and the first untrusted address is the client. A client cannot choose its
 * own IP by sending the header, because an untrusted peer's header is ignored.
 */
@Component
public class ClientIpResolver {

    private final List<IpAddressMatcher> trusted;

    ClientIpResolver(ProxyProperties properties) {
        this.trusted = properties.trustedProxies().stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new).toList();
    }

    public String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!isTrusted(peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String nearest = peer;
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = literal(hops[i].strip());
            if (hop == null) {
                // not an address (999.1.1.1, 1.2.3.4:5555, a name): ignored, and nothing to its left is trusted
                return nearest;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
            nearest = hop;
        }
        return nearest;
    }

    /**
     * The hop as a canonical IP address, or null when it is not an IPv4 dotted quad (four decimal octets
     * 0–255, no leading zeros, which some parsers read as octal) or an IPv6 literal (RFC 4291 §2.2). No name is
     * ever resolved: the JDK parses a string with a colon as an IPv6 literal or refuses it.
     */
    static String literal(String hop) {
        if (hop.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
            return hop;
        }
        if (!hop.contains(":") || !hop.matches("[0-9a-fA-F:.]{2,45}")) {
            return null;
        }
        try {
            return InetAddress.getByName(hop).getHostAddress();
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private boolean isTrusted(String address) {
        try {
            return trusted.stream().anyMatch(m -> m.matches(address));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
