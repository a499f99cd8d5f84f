package dev.verity.api.v1;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import dev.verity.shared.ServerKey;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.TenancyService;
import dev.verity.verification.LinkView;
import dev.verity.verification.VerificationEngine;

/**
 * The page a magic link opens. Mail security scanners fetch links and even submit forms they find, so a
 * GET or HEAD never changes anything (SECURITY.md rule 15): it shows the address and a Confirm button. Only
 * a deliberate POST carrying the page's nonce (bound to this link by an HMAC under the server key) consumes
 * the link, then answers 303 to the application's redirect URI with {@code result=true|false} added.
 */
@Controller
class LinkLandingController {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContactVerification verification;
    private final TenancyService tenancy;
    private final ServerKey serverKey;

    LinkLandingController(ContactVerification verification, TenancyService tenancy, ServerKey serverKey) {
        this.verification = verification;
        this.tenancy = tenancy;
        this.serverKey = serverKey;
    }

    @GetMapping(VerificationEngine.LINK_PATH + "{token}")
    String view(@PathVariable String token, @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String agent,
            Model model, HttpServletResponse response) {
        Optional<LinkView> link = verification.viewLink(token, agent);
        pageHeaders(response, link.map(LinkView::redirectUri).orElse(null));
        if (link.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "pages/link-invalid";
        }
        model.addAttribute("appName", tenancy.application(link.get().key().applicationId())
                .map(Application::name).orElse(""));
        if (!link.get().confirmable()) {
            model.addAttribute("continueUrl", withResult(link.get().redirectUri(), false));
            return "pages/link-invalid";
        }
        model.addAttribute("email", link.get().key().destination());
        model.addAttribute("nonce", nonce(link.get().challengeId()));
        return "pages/link-confirm";
    }

    @PostMapping(VerificationEngine.LINK_PATH + "{token}")
    String confirm(@PathVariable String token, @RequestParam(name = "nonce", required = false) String nonce,
            Model model, HttpServletResponse response) {
        Optional<LinkView> known = verification.linkTarget(token);
        pageHeaders(response, known.map(LinkView::redirectUri).orElse(null));
        if (known.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "pages/link-invalid";
        }
        if (nonce == null || !validNonce(known.get().challengeId(), nonce)) {
            // the link itself may still be good: say so, and send the person back to it
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("retryUrl", VerificationEngine.LINK_PATH + token);
            return "pages/link-form-expired";
        }
        boolean verified = verification.confirmLink(token).map(LinkView::confirmable).orElse(false);
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader(HttpHeaders.LOCATION, withResult(known.get().redirectUri(), verified));
        return null;
    }

    /** Adds {@code result} to the redirect URI's query, keeping what it had; a fragment stays last. */
    static String withResult(String redirectUri, boolean result) {
        int hash = redirectUri.indexOf('#');
        String base = hash < 0 ? redirectUri : redirectUri.substring(0, hash);
        String fragment = hash < 0 ? "" : redirectUri.substring(hash);
        String separator = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + separator + "result=" + result + fragment;
    }

    private String nonce(String challengeId) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String part = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return part + "." + serverKey.hash("link-page", challengeId, part);
    }

    private boolean validNonce(String challengeId, String nonce) {
        int dot = nonce.indexOf('.');
        if (dot <= 0 || nonce.length() > 200) {
            return false;
        }
        return ServerKey.sameHash(serverKey.hash("link-page", challengeId, nonce.substring(0, dot)),
                nonce.substring(dot + 1));
    }

    /**
     * No referrer (the URL holds the token), no caching, no framing, no script at all; forms may post here
     * and the 303 may lead to the application's origin, which CSP's form-action must allow in Chrome.
     */
    private static void pageHeaders(HttpServletResponse response, String redirectUri) {
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "
                + "form-action 'self'" + formTarget(redirectUri) + "; frame-ancestors 'none'; base-uri 'none'");
    }

    private static String formTarget(String redirectUri) {
        if (redirectUri == null) {
            return "";
        }
        try {
            URI uri = URI.create(redirectUri);
            if (uri.getHost() == null) {
                return " " + uri.getScheme() + ":";
            }
            return " " + uri.getScheme() + "://" + uri.getRawAuthority().replace(";", "");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
