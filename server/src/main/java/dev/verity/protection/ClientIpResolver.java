package dev.verity.protection;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
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

    ClientIpResolver(@Value("${verity.trusted-proxies:}") List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty())
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
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty() || !hop.matches("[0-9a-fA-F:.]{2,45}")) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        try {
            return trusted.stream().anyMatch(m -> m.matches(address));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
