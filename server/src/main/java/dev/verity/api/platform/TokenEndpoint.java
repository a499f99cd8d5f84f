package dev.verity.api.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.profile.ProfileService;
import dev.verity.shared.VerityProperties;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.Client;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.SigningKeys;
import dev.verity.token.TokenService;

/**
 * The OAuth 2.0 token endpoint (RFC 6749) with two grants: {@code client_credentials} for an application
 * backend, and token exchange (RFC 8693) with {@code requested_subject} for a backend that has authenticated
 * its user and needs that user's access token for the v1 API. Errors follow RFC 6749 §5.2.
 */
@RestController
class TokenEndpoint {

    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    private final TenancyService tenancy;
    private final ProfileService profiles;
    private final TokenService tokens;
    private final SigningKeys keys;
    private final VerityProperties properties;

    TokenEndpoint(TenancyService tenancy, ProfileService profiles, TokenService tokens, SigningKeys keys,
            VerityProperties properties) {
        this.tenancy = tenancy;
        this.profiles = profiles;
        this.tokens = tokens;
        this.keys = keys;
        this.properties = properties;
    }

    @PostMapping(path = "/oidc/token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> token(@RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            jakarta.servlet.http.HttpServletRequest request) {
        if (hasBody(request) && !isForm(request.getContentType())) {
            // RFC 6749 §3.2: parameters are form-encoded; a JSON body would otherwise read as "no credentials"
            return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request",
                    OAuthErrorDialect.description(HttpStatus.UNSUPPORTED_MEDIA_TYPE));
        }
        String query = request.getQueryString();
        if (query != null && query.contains("client_secret")) {
            // RFC 6749 §2.3.1: secrets in URLs end up in logs and histories
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "client credentials belong in the body");
        }
        Optional<String[]> basic = basicCredentials(authorization);
        String clientId = basic.map(c -> c[0]).orElse(form.getFirst("client_id"));
        String secret = basic.map(c -> c[1]).orElse(form.getFirst("client_secret"));
        Optional<Client> client = tenancy.authenticate(clientId, secret);
        if (client.isEmpty()) {
            return error(HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed");
        }
        Optional<Application> application = tenancy.application(client.get().applicationId());
        if (application.isEmpty()) {
            return error(HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed");
        }
        String grant = form.getFirst("grant_type");
        if (grant == null || grant.isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required");
        }
        TokenService.IssuedToken issued;
        if ("client_credentials".equals(grant)) {
            issued = tokens.issueClientToken(client.get(), application.get());
        } else if (TOKEN_EXCHANGE.equals(grant)) {
            String subject = form.getFirst("requested_subject");
            if (subject == null || subject.isBlank()) {
                return error(HttpStatus.BAD_REQUEST, "invalid_request", "requested_subject is required");
            }
            if (!profiles.exists(client.get().tenantId(), subject)) {
                return error(HttpStatus.BAD_REQUEST, "invalid_grant", "requested_subject is not a user of this tenant");
            }
            issued = tokens.issueUserToken(subject, client.get(), application.get());
        } else {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "grant_type is not supported");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.value());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresInSeconds());
        if (TOKEN_EXCHANGE.equals(grant)) {
            body.put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return keys.published().toJSONObject(true);
    }

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> discovery() {
        String issuer = properties.issuer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("token_endpoint", issuer + "/oidc/token");
        body.put("jwks_uri", issuer + "/.well-known/jwks.json");
        body.put("grant_types_supported", new String[] {"client_credentials", TOKEN_EXCHANGE});
        body.put("token_endpoint_auth_methods_supported", new String[] {"client_secret_basic", "client_secret_post"});
        body.put("id_token_signing_alg_values_supported", new String[] {"RS256"});
        body.put("response_types_supported", new String[] {"token"});
        body.put("subject_types_supported", new String[] {"public"});
        return body;
    }

    /** Database briefly unavailable: RFC 6749's shape, 503, and a client may retry (SECURITY.md rule 23). */
    @org.springframework.web.bind.annotation.ExceptionHandler({
            org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<Map<String, Object>> databaseUnavailable() {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", "try again shortly");
    }

    private static boolean hasBody(jakarta.servlet.http.HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static boolean isForm(String contentType) {
        try {
            return contentType != null
                    && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }

    private static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            // RFC 6749 §2.3.1: both parts are form-url-encoded before being joined
            return Optional.of(new String[] {urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1))});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String urlDecode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).cacheControl(CacheControl.noStore());
        if (status == HttpStatus.UNAUTHORIZED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"verity\"");
        }
        return builder.body(Map.of("error", code, "error_description", description));
    }
}
