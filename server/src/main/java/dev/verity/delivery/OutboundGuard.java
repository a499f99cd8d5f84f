package dev.verity.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The outbound URL guard (API.md, "Outbound URLs that tenants set"): every URL a tenant can point Verity at is
 * {@code http}/{@code https}, carries no user information, and reaches only public addresses, so a tenant admin
 * cannot make Verity probe its own network, the loopback services or the cloud metadata endpoint (SSRF).
 *
 * <p>The URL is checked when it is saved ({@link #requirePublicUrl}), which gives the admin an early, clear
 * refusal, and again when connecting ({@link #resolvePublic}), which is the check that counts: a name that
 * resolved publicly when saved may resolve to 127.0.0.1 later (DNS rebinding), so the sender resolves once,
 * checks every address, and connects to exactly those addresses. A name that does not resolve when saved is
 * accepted: DNS may not be ready when a set-up file is applied, and the connect-time check still holds.
 *
 * <p>Numeric hosts other than a canonical dotted IPv4 address ({@code 2130706433}, {@code 0x7f.1},
 * {@code 017700000001}) are refused outright: parsers disagree on what they mean (WHATWG URL reads them as
 * IPv4, the JDK resolver reads some and sends others to DNS), and no real receiver needs them.
 */
@Component
public class OutboundGuard {

    private static final Logger log = LoggerFactory.getLogger(OutboundGuard.class);
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** The WHATWG URL "ends in a number" test: the last label is decimal digits or 0x-prefixed hex. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    private final boolean allowPrivateNetworks;

    OutboundGuard(OutboundProperties properties) {
        this.allowPrivateNetworks = properties.allowPrivateNetworks();
        if (allowPrivateNetworks) {
            log.warn("verity.outbound.allow-private-networks is true: tenant webhooks may reach loopback and "
                    + "private addresses (development and tests only)");
        }
    }

    /**
     * The save-time check of a URL a tenant sets.
     *
     * @param field the setting's name as the caller knows it ({@code webhook_url}), used in the message
     * @throws OutboundUrlRefusedException with a message fit for a 400 naming {@code field}
     */
    public void requirePublicUrl(String field, String url) {
        URI uri = checkedUri(field, url);
        try {
            resolvePublic(uri.getHost());
        } catch (NonPublicAddressException e) {
            throw new OutboundUrlRefusedException(field + " must resolve only to public internet addresses", true);
        } catch (UnknownHostException notResolvableNow) {
            if (uri.getHost().startsWith("[") || CANONICAL_IPV4.matcher(uri.getHost()).matches()) {
                throw new OutboundUrlRefusedException(field + " has an invalid IP address", false);
            }
            // a name: accepted, see the class comment; the connect-time check decides
        }
    }

    /** The URL's form (scheme, user information, host, port); the address is checked by {@link #resolvePublic}. */
    public URI checkedUri(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new OutboundUrlRefusedException(field + " must be an absolute http or https URL", false);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundUrlRefusedException(field + " must use http or https", false);
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw new OutboundUrlRefusedException(field + " must not contain user information", false);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new OutboundUrlRefusedException(field + " must name a host (an ASCII name or an IP address)", false);
        }
        if (uri.getPort() > 65535) {
            throw new OutboundUrlRefusedException(field + " has an invalid port", false);
        }
        if (!host.startsWith("[") && endsInNumber(host) && !CANONICAL_IPV4.matcher(host).matches()) {
            throw new OutboundUrlRefusedException(field + " must write an IPv4 host as four decimal numbers", false);
        }
        return uri;
    }

    /**
     * Resolves a host once and returns every address, each checked to be public (unless private networks are
     * allowed). Callers connect to these addresses and never resolve the name again.
     *
     * @throws NonPublicAddressException when any address is not public: one private answer among public ones is
     *                                   enough, since a connection may go to any of them
     */
    public InetAddress[] resolvePublic(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        if (!allowPrivateNetworks) {
            for (InetAddress address : addresses) {
                if (!PublicAddresses.isPublic(address)) {
                    throw new NonPublicAddressException();
                }
            }
        }
        return addresses;
    }

    private static boolean endsInNumber(String host) {
        String[] labels = host.split("\\.", -1);
        int last = labels.length - 1;
        if (last > 0 && labels[last].isEmpty()) {
            last--;
        }
        return NUMERIC_LABEL.matcher(labels[last]).matches();
    }

    /**
     * A host that resolves to a non-public address. An {@link UnknownHostException}, so it passes through an
     * HTTP client's resolver hook, but never mistaken for one: {@code webhook.WebhookFailure} looks for it first.
     */
    public static final class NonPublicAddressException extends UnknownHostException {

        NonPublicAddressException() {
            super("refused by the outbound policy");
        }
    }
}
