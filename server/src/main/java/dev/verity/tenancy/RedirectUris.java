package dev.verity.tenancy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Which URIs an application may register as redirect targets: absolute, without a fragment (RFC 6749
 * §3.1.2), never a script-bearing scheme, and plain {@code http} only on a loopback host (RFC 8252 §7.3;
 * RFC 9700 §2.1 wants TLS elsewhere). Private-use schemes of native apps are allowed.
 */
public final class RedirectUris {

    private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "vbscript", "file", "blob");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private RedirectUris() {
    }

    /** @throws InvalidSettingException with a message fit for a 400 when the URI may not be registered */
    public static void requireRegistrable(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException | NullPointerException e) {
            throw new InvalidSettingException("redirect_uris", "must be absolute URIs");
        }
        if (!uri.isAbsolute() || value.length() > 2000) {
            throw new InvalidSettingException("redirect_uris", "must be absolute URIs");
        }
        if (uri.getRawFragment() != null || value.contains("#")) {
            throw new InvalidSettingException("redirect_uris", "must not contain a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (FORBIDDEN_SCHEMES.contains(scheme)) {
            throw new InvalidSettingException("redirect_uris", "must not use the " + scheme + " scheme");
        }
        if (scheme.equals("http") && (uri.getHost() == null || !LOOPBACK.contains(uri.getHost()))) {
            throw new InvalidSettingException("redirect_uris", "may use http only on localhost or a loopback address");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidSettingException("redirect_uris", "must not contain user information");
        }
    }
}
