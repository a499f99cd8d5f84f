package dev.verity.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** SECURITY.md rule 11: X-Forwarded-For counts only when the TCP peer is a configured trusted proxy. */
class ClientIpResolverTest {

    @Test
    void resolveWhenPeerNotTrustedThenHeaderIgnored() {
        ClientIpResolver resolver = new ClientIpResolver(new ProxyProperties(List.of("10.0.0.0/8")));
        assertThat(resolver.resolve(request("198.51.100.4", "203.0.113.9"))).isEqualTo("198.51.100.4");
        assertThat(new ClientIpResolver(new ProxyProperties(List.of())).resolve(request("127.0.0.1", "203.0.113.9"))).isEqualTo("127.0.0.1");
    }

    @Test
    void resolveWhenPeerTrustedThenRightmostUntrustedHop() {
        ClientIpResolver resolver = new ClientIpResolver(new ProxyProperties(List.of("10.0.0.0/8", "192.168.1.10")));
        assertThat(resolver.resolve(request("10.1.2.3", "203.0.113.9"))).isEqualTo("203.0.113.9");
        // a client-written first hop cannot win: the proxies appended the real one after it
        assertThat(resolver.resolve(request("10.1.2.3", "1.2.3.4, 203.0.113.9, 192.168.1.10"))).isEqualTo("203.0.113.9");
        assertThat(resolver.resolve(request("10.1.2.3", null))).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve(request("10.1.2.3", "not-an-ip"))).isEqualTo("10.1.2.3");
        assertThat(resolver.resolve(request("10.1.2.3", "2001:db8::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void resolveWhenHopIsNotAnIpAddressThenItNeverBecomesTheClient() {
        ClientIpResolver resolver = new ClientIpResolver(new ProxyProperties(List.of("10.0.0.0/8")));
        for (String junk : List.of("999.1.1.1", "1.2.3.4:5555", "01.2.3.4", "1.2.3", "256.0.0.1", "beef.cafe",
                "2001:db8::1:5555:1:2:3:4", "[2001:db8::1]", "0x7f.0.0.1", ":::", "fe80::1%eth0")) {
            assertThat(resolver.resolve(request("10.1.2.3", junk))).as(junk).isEqualTo("10.1.2.3");
            // nothing left of a junk hop is believed either: only proxies write to its right
            assertThat(resolver.resolve(request("10.1.2.3", "203.0.113.9, " + junk))).as(junk).isEqualTo("10.1.2.3");
        }
        // behind two proxies, junk beyond the inner one leaves the inner proxy's own address as the client
        assertThat(resolver.resolve(request("10.1.2.3", "999.1.1.1, 10.9.9.9"))).isEqualTo("10.9.9.9");
        // a valid hop to the right of junk is still the client
        assertThat(resolver.resolve(request("10.1.2.3", "999.1.1.1, 203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void resolveWhenSameIpv6AddressIsSpelledDifferentlyThenOneKey() {
        ClientIpResolver resolver = new ClientIpResolver(new ProxyProperties(List.of("10.0.0.0/8")));
        assertThat(resolver.resolve(request("10.1.2.3", "2001:DB8::1")))
                .isEqualTo(resolver.resolve(request("10.1.2.3", "2001:db8:0:0::1")))
                .isEqualTo(resolver.resolve(request("10.1.2.3", "2001:0db8::0001")));
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
