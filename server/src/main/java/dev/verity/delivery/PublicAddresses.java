package dev.verity.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Which addresses a tenant's URL may reach: only globally routable unicast. The refused ranges are the IANA
 * special-purpose registries (RFC 6890 and its updates): loopback, RFC 1918, link-local with the cloud metadata
 * address 169.254.169.254, CGNAT (RFC 6598), multicast, broadcast, unspecified, documentation and benchmarking
 * ranges, IPv6 ULA (RFC 4193) and link-local. IPv6 outside 2000::/3 is refused whole. IPv6 forms that carry an
 * IPv4 address (IPv4-mapped, NAT64 64:ff9b::/96 of RFC 6052, 6to4 2002::/16 of RFC 3056) are judged by that IPv4
 * address, so {@code ::ffff:127.0.0.1} is loopback; Teredo (2001::/32), whose embedded address is obfuscated,
 * and the deprecated IPv4-compatible ::/96 are refused.
 */
final class PublicAddresses {

    private record Range(String name, IpAddressMatcher matcher) {
        Range(String name, String cidr) {
            this(name, new IpAddressMatcher(cidr));
        }
    }

    private static final List<Range> IPV4 = List.of(
            new Range("this-network", "0.0.0.0/8"),
            new Range("private", "10.0.0.0/8"),
            new Range("cgnat", "100.64.0.0/10"),
            new Range("loopback", "127.0.0.0/8"),
            new Range("link-local", "169.254.0.0/16"),
            new Range("private", "172.16.0.0/12"),
            new Range("ietf-protocol", "192.0.0.0/24"),
            new Range("documentation", "192.0.2.0/24"),
            new Range("6to4-relay", "192.88.99.0/24"),
            new Range("private", "192.168.0.0/16"),
            new Range("benchmarking", "198.18.0.0/15"),
            new Range("documentation", "198.51.100.0/24"),
            new Range("documentation", "203.0.113.0/24"),
            new Range("multicast", "224.0.0.0/4"),
            new Range("reserved", "240.0.0.0/4"));

    /** Refused although inside global unicast 2000::/3. */
    private static final List<Range> IPV6_IN_GLOBAL = List.of(
            new Range("teredo", "2001::/32"),
            new Range("benchmarking", "2001:2::/48"),
            new Range("orchid", "2001:10::/28"),
            new Range("orchid", "2001:20::/28"),
            new Range("documentation", "2001:db8::/32"),
            new Range("documentation", "3fff::/20"));

    /** Names for the better-known ranges outside 2000::/3; anything else there is "reserved". */
    private static final List<Range> IPV6_OUTSIDE_GLOBAL = List.of(
            new Range("unspecified", "::/128"),
            new Range("loopback", "::1/128"),
            new Range("ipv4-compatible", "::/96"),
            new Range("nat64-local", "64:ff9b:1::/48"),
            new Range("discard", "100::/64"),
            new Range("unique-local", "fc00::/7"),
            new Range("link-local", "fe80::/10"),
            new Range("site-local", "fec0::/10"),
            new Range("multicast", "ff00::/8"));

    private static final Range GLOBAL_UNICAST = new Range("global", "2000::/3");

    private PublicAddresses() {
    }

    /** Empty for a public address, else the name of the range that makes it non-public (for tests and logs). */
    static Optional<String> nonPublicRange(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return firstMatch(IPV4, address.getHostAddress());
        }
        Optional<InetAddress> embedded = embeddedIpv4(bytes);
        if (embedded.isPresent()) {
            return nonPublicRange(embedded.get()).map(range -> "ipv6-embedded-" + range);
        }
        String text = withoutScope(address);
        if (!GLOBAL_UNICAST.matcher().matches(text)) {
            return Optional.of(firstMatch(IPV6_OUTSIDE_GLOBAL, text).orElse("reserved"));
        }
        return firstMatch(IPV6_IN_GLOBAL, text);
    }

    static boolean isPublic(InetAddress address) {
        return nonPublicRange(address).isEmpty();
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        byte[] v4;
        if (startsWith(v6, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff})
                || startsWith(v6, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {
            v4 = Arrays.copyOfRange(v6, 12, 16);
        } else if (v6[0] == 0x20 && v6[1] == 0x02) {
            v4 = Arrays.copyOfRange(v6, 2, 6);
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(v4));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String withoutScope(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }

    private static Optional<String> firstMatch(List<Range> ranges, String address) {
        return ranges.stream().filter(range -> range.matcher().matches(address)).map(Range::name).findFirst();
    }
}
