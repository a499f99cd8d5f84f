package dev.verity.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every range the outbound guard refuses, its edges, and the public addresses around them. */
class PublicAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0.0.0.0, this-network",
            "0.255.255.255, this-network",
            "10.0.0.1, private",
            "10.255.255.255, private",
            "100.64.0.1, cgnat",
            "100.127.255.255, cgnat",
            "127.0.0.1, loopback",
            "127.255.255.254, loopback",
            "169.254.169.254, link-local",
            "169.254.0.1, link-local",
            "172.16.0.1, private",
            "172.31.255.255, private",
            "192.0.0.8, ietf-protocol",
            "192.0.2.1, documentation",
            "192.88.99.1, 6to4-relay",
            "192.168.1.1, private",
            "198.18.0.1, benchmarking",
            "198.19.255.255, benchmarking",
            "198.51.100.7, documentation",
            "203.0.113.9, documentation",
            "224.0.0.1, multicast",
            "239.255.255.250, multicast",
            "240.0.0.1, reserved",
            "255.255.255.255, reserved",
            "::, unspecified",
            "::1, loopback",
            "::127.0.0.1, ipv4-compatible",
            "::8.8.8.8, ipv4-compatible",
            "fc00::1, unique-local",
            "fd12:3456:789a::1, unique-local",
            "fe80::1, link-local",
            "febf:ffff::1, link-local",
            "fec0::1, site-local",
            "ff02::1, multicast",
            "ff0e::1, multicast",
            "100::1, discard",
            "64:ff9b:1::1, nat64-local",
            "64:ff9b::7f00:1, ipv6-embedded-loopback",
            "64:ff9b::a9fe:a9fe, ipv6-embedded-link-local",
            "64:ff9b::c0a8:101, ipv6-embedded-private",
            "2002:7f00:1::1, ipv6-embedded-loopback",
            "2002:a00:1::1, ipv6-embedded-private",
            "2002:a9fe:a9fe::, ipv6-embedded-link-local",
            "2001::1, teredo",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2, teredo",
            "2001:2::1, benchmarking",
            "2001:10::1, orchid",
            "2001:20::1, orchid",
            "2001:db8::1, documentation",
            "3fff::1, documentation",
            "4000::1, reserved",
            "1::1, reserved"})
    void nonPublicRangeWhenSpecialPurposeAddressThenNamesItsRange(String address, String range) throws Exception {
        assertThat(PublicAddresses.nonPublicRange(InetAddress.getByName(address))).contains(range);
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
            "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
            "192.0.1.255", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255",
            "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001:80b::200e", "2001:200::1",
            "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"})
    void isPublicWhenGloballyRoutableThenTrue(String address) throws Exception {
        assertThat(PublicAddresses.nonPublicRange(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1"})
    void nonPublicRangeWhenIpv4MappedIpv6HoldsNonPublicIpv4ThenRefused(String ipv4) throws Exception {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4, 0, mapped, 12, 4);
        // the JDK turns ::ffff:a.b.c.d into an Inet4Address; an Inet6Address with these bytes must not slip through
        InetAddress asV6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(PublicAddresses.isPublic(asV6)).isFalse();
        assertThat(PublicAddresses.isPublic(InetAddress.getByName("::ffff:" + ipv4))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe80::1%1", "fe80::abcd%2"})
    void isPublicWhenScopedLinkLocalThenFalse(String address) throws UnknownHostException {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isFalse();
    }
}
