package dev.verity.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.verity.delivery.webhook.WebhookFailure;

/**
 * The outbound guard's rules on a URL, with private networks refused (the default) and allowed. Hosts are IP
 * literals, {@code localhost} (the hosts file) or names under {@code .invalid} (RFC 6761: never resolve), so
 * no test depends on, or sends anything to, a real network.
 */
class OutboundGuardTest {

    private final OutboundGuard guard = new OutboundGuard(new OutboundProperties(false));
    private final OutboundGuard allowingPrivate = new OutboundGuard(new OutboundProperties(true));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "file:///etc/passwd | webhook_url must use http or https",
            "gopher://127.0.0.1:25/_HELO | webhook_url must use http or https",
            "ftp://files.invalid/x | webhook_url must use http or https",
            "javascript:alert(1) | webhook_url must use http or https",
            "/relative/path | webhook_url must use http or https",
            "http://user:secret@hooks.invalid/x | webhook_url must not contain user information",
            "http://a@b@hooks.invalid/x | webhook_url must not contain user information",
            "http:/no-authority | webhook_url must name a host",
            "http://under_score.invalid/ | webhook_url must name a host",
            "http://%31%32%37.0.0.1/ | webhook_url must name a host",
            "http://hooks.invalid:99999/ | webhook_url has an invalid port",
            "http://2130706433/ | webhook_url must write an IPv4 host as four decimal numbers",
            "http://017700000001/ | webhook_url must write an IPv4 host as four decimal numbers",
            "http://0x7f000001/ | webhook_url must write an IPv4 host as four decimal numbers",
            "http://127.000.000.001/ | webhook_url must write an IPv4 host as four decimal numbers",
            "http://not a url/ | webhook_url must be an absolute http or https URL"})
    void requirePublicUrlWhenFormIsWrongThenRefusedEvenWithPrivateNetworksAllowed(String url, String message) {
        for (OutboundGuard anyGuard : new OutboundGuard[] {guard, allowingPrivate}) {
            assertThatThrownBy(() -> anyGuard.requirePublicUrl("webhook_url", url))
                    .isInstanceOf(OutboundUrlRefusedException.class)
                    .hasMessageStartingWith(message)
                    .hasMessageNotContaining("secret")
                    .satisfies(e -> assertThat(((OutboundUrlRefusedException) e).nonPublicAddress()).isFalse());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0x7f.1/", "http://127.1/", "http://127.0.0.1./", "http://hooks.invalid.123/"})
    void requirePublicUrlWhenHostIsAShortOrHexIpv4ThenRefused(String url) {
        // java.net.URI finds no host in these; other parsers read 127.0.0.1
        assertThatThrownBy(() -> allowingPrivate.requirePublicUrl("webhook_url", url))
                .isInstanceOf(OutboundUrlRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:22/", "http://169.254.169.254/latest/meta-data", "http://[::1]/",
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/",
            "http://[fe80::1]/", "http://[fd00::1]:8080/", "http://0.0.0.0:8080/", "http://[::]/", "http://10.0.0.5/",
            "http://192.168.0.1/", "http://172.20.0.1/", "http://100.64.0.1/", "http://224.0.0.1/",
            "http://255.255.255.255/", "https://localhost/hook", "http://LOCALHOST:8080/"})
    void requirePublicUrlWhenHostIsNotPublicThenRefusedUnlessPrivateNetworksAllowed(String url) {
        assertThatThrownBy(() -> guard.requirePublicUrl("webhook_url", url))
                .isInstanceOf(OutboundUrlRefusedException.class)
                .hasMessage("webhook_url must resolve only to public internet addresses")
                .satisfies(e -> assertThat(((OutboundUrlRefusedException) e).nonPublicAddress()).isTrue());
        assertThatCode(() -> allowingPrivate.requirePublicUrl("webhook_url", url)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hook", "http://[2606:4700:4700::1111]:8443/x", "HTTPS://hooks.invalid/x",
            "https://hooks.invalid/path?token=abc#frag"})
    void requirePublicUrlWhenPublicAddressOrUnresolvableNameThenAccepted(String url) {
        // a name that does not resolve yet is accepted: the connect-time check decides
        assertThatCode(() -> guard.requirePublicUrl("webhook_url", url)).doesNotThrowAnyException();
    }

    @Test
    void resolvePublicWhenNameResolvesToLoopbackThenRefusedAndWhenAllowedThenEveryAddressReturned() throws Exception {
        assertThatThrownBy(() -> guard.resolvePublic("localhost"))
                .isInstanceOf(OutboundGuard.NonPublicAddressException.class);
        InetAddress[] addresses = allowingPrivate.resolvePublic("localhost");
        assertThat(addresses).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        assertThat(guard.resolvePublic("8.8.8.8")).containsExactly(InetAddress.getByName("8.8.8.8"));
    }

    @Test
    void webhookFailureWhenGuardRefusedThenPolicyClassEvenWhenWrapped() {
        Exception wrapped = new java.io.IOException("wrapper", new OutboundGuard.NonPublicAddressException());
        assertThat(WebhookFailure.of(wrapped)).isEqualTo(WebhookFailure.REFUSED_BY_POLICY);
        assertThat(WebhookFailure.of(new java.net.UnknownHostException("x"))).isEqualTo(WebhookFailure.DNS_FAILED);
    }
}
