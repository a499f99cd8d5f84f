package dev.verity.tenancy;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a requested {@code redirect_uri} is one the application allowed. The comparison is an
 * exact string match (RFC 9700 §4.1.3: no prefix, case, slash or query leniency, which is how open
 * redirects happen). The single tolerance is the port of an {@code http} loopback URI, which native apps
 * pick at run time (RFC 8252 §7.3); scheme, host literal, path and query must still match exactly.
 */
public final class RedirectUriMatcher {

    private static final Pattern LOOPBACK = Pattern.compile(
            "^http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(?::(\\d{1,5}))?([/?][^#]*)?$");

    private RedirectUriMatcher() {
    }

    public static boolean isAllowed(String requested, Collection<String> allowed) {
        if (requested == null || requested.isEmpty()) {
            return false;
        }
        for (String candidate : allowed) {
            if (candidate.equals(requested) || sameLoopbackIgnoringPort(candidate, requested)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameLoopbackIgnoringPort(String registered, String requested) {
        Matcher r = LOOPBACK.matcher(registered);
        Matcher q = LOOPBACK.matcher(requested);
        if (!r.matches() || !q.matches()) {
            return false;
        }
        if (q.group(2) != null && Integer.parseInt(q.group(2)) > 65535) {
            return false;
        }
        return r.group(1).equals(q.group(1)) && nullToEmpty(r.group(3)).equals(nullToEmpty(q.group(3)));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
