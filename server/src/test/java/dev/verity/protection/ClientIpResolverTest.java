package dev.verity.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** SECURITY.md rule 11: X-Forwarded-For counts only when the TCP peer is a configured trusted proxy. */
class ClientIpResolverTest {

    @Test
    void resolveWhenPeerNotTrustedThenHeaderIgnored() {
        ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));
        assertThat(resolver.resolve(request("198.51.100.4", "203.0.113.9"))).isEqualTo("198.51.100.4");
        assertThat(new ClientIpResolver(List.of()).resolve(request("127.0.0.1", "203.0.113.9"))).isEqualTo("127.0.0.1");
    }

    @Test
    void resolveWhenPeerTrustedThenRightmostUntrustedHop() {
        ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8", "192.168.1.10"));
        assertThat(resolver.resolve(request("10.1.2.3", "203.0.113.9"))).isEqualTo("203.0.113.9");
        // a client-written first hop cannot win: the proxies appended the real one after it
        assertThat(resolver.resolve(request("10.1.2.3", "1.2.3.4, 203.0.113.9, 192.168.1.10"))).isEqualTo("203.0.113.9");
        assertThat(resolver.resolve(request("10.1.2.3", null))).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve(request("10.1.2.3", "not-an-ip"))).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve(request("10.1.2.3", "2001:db8::1"))).isEqualTo("2001:db8::1");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
