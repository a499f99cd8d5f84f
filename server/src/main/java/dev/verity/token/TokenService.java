package dev.verity.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.verity.shared.VerityProperties;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.Client;
import dev.verity.tenancy.TenancyService;

/**
 * Issues and checks Verity's access tokens (JWT, RFC 9068 style, claims modelled on Transmit's).
 *
 * <p>Checks follow SECURITY.md rule 16: the signature must verify under one of Verity's keys, looked up by
 * {@code kid}, with an algorithm on the allow-list (RS256 only: {@code none} and HMAC are refused, so a public
 * key can never be used as an HMAC secret); then {@code iss}, {@code aud}, {@code exp} and {@code nbf} are
 * checked against the injected clock; and the token kind must match the endpoint.
 */
@Service
public class TokenService {

    static final String KIND_CLAIM = "token_use";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final SigningKeys keys;
    private final VerityProperties properties;
    private final TokenProperties settings;
    private final Clock clock;
    private final NimbusJwtDecoder decoder;

    private final TenancyService tenancy;

    TokenService(SigningKeys keys, VerityProperties properties, TokenProperties settings, Clock clock,
            TenancyService tenancy) {
        this.tenancy = tenancy;
        this.keys = keys;
        this.properties = properties;
        this.settings = settings;
        this.clock = clock;
        this.decoder = decoder();
    }

    public IssuedToken issueClientToken(Client client, Application application) {
        JWTClaimsSet.Builder claims = baseClaims(client.id(), client, application, settings.clientTokenTtl())
                .claim(KIND_CLAIM, TokenKind.CLIENT.claim())
                .claim("roles", List.copyOf(client.roles()));
        return sign(claims.build(), settings.clientTokenTtl());
    }

    public IssuedToken issueUserToken(String userId, Client client, Application application) {
        JWTClaimsSet.Builder claims = baseClaims(userId, client, application, settings.userTokenTtl())
                .claim(KIND_CLAIM, TokenKind.USER.claim());
        return sign(claims.build(), settings.userTokenTtl());
    }

    /**
     * A token scoped to one app registration (v2): Verifik hands one out when a registration is created,
     * and every later onboarding call of that person carries it. Lives 24 hours.
     */
    public IssuedToken issueRegistrationToken(String registrationId, String tenantId, String applicationId,
            String applicationName, String flowId) {
        Duration ttl = Duration.ofHours(24);
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(registrationId)
                .audience(settings.audience())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", tenantId)
                .claim("app_id", applicationId)
                .claim("app_name", applicationName)
                .claim("flow_id", flowId)
                .claim(KIND_CLAIM, TokenKind.REGISTRATION.claim())
                .build();
        return sign(claims, ttl);
    }

    /** @throws InvalidTokenException unless {@code token} is a valid registration token */
    public RegistrationPrincipal requireRegistration(String token) {
        Jwt jwt = decode(token, TokenKind.REGISTRATION);
        String flow = jwt.getClaimAsString("flow_id");
        if (flow == null) {
            throw new InvalidTokenException();
        }
        return new RegistrationPrincipal(jwt.getSubject(), jwt.getClaimAsString("tid"), jwt.getClaimAsString("app_id"),
                flow);
    }

    /** @throws InvalidTokenException unless {@code token} is a valid user token */
    public UserPrincipal requireUser(String token) {
        Jwt jwt = decode(token, TokenKind.USER);
        String clientId = jwt.getClaimAsString("client_id");
        if (clientId != null) {
            requireLiveClient(clientId, jwt.getClaimAsString("tid"));
        }
        return new UserPrincipal(jwt.getSubject(), jwt.getClaimAsString("tid"), jwt.getClaimAsString("app_id"),
                jwt.getClaimAsString("client_id"));
    }

    /** @throws InvalidTokenException unless {@code token} is a valid client token */
    public ClientPrincipal requireClient(String token) {
        Jwt jwt = decode(token, TokenKind.CLIENT);
        requireLiveClient(jwt.getClaimAsString("client_id"), jwt.getClaimAsString("tid"));
        List<String> roles = jwt.getClaimAsStringList("roles");
        return new ClientPrincipal(jwt.getClaimAsString("client_id"), jwt.getClaimAsString("tid"),
                jwt.getClaimAsString("app_id"), roles == null ? Set.of() : Set.copyOf(roles));
    }

    /**
     * A token stops working when the client it was issued to is removed (the admin API's revoke): checked
     * against the tenancy cache, so at once on the node that removed it and within the cache's lifetime elsewhere.
     */
    private void requireLiveClient(String clientId, String tenantId) {
        if (clientId == null || tenancy.client(clientId).filter(c -> c.tenantId().equals(tenantId)).isEmpty()) {
            throw new InvalidTokenException();
        }
    }

    private Jwt decode(String token, TokenKind expected) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException();
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidTokenException();
        }
        if (!expected.claim().equals(jwt.getClaimAsString(KIND_CLAIM)) || jwt.getSubject() == null
                || jwt.getClaimAsString("tid") == null || jwt.getClaimAsString("app_id") == null) {
            throw new InvalidTokenException();
        }
        return jwt;
    }

    private JWTClaimsSet.Builder baseClaims(String subject, Client client, Application application, Duration ttl) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(subject)
                .audience(settings.audience())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", client.tenantId())
                .claim("app_id", application.id())
                .claim("app_name", application.name())
                .claim("client_id", client.id());
    }

    private IssuedToken sign(JWTClaimsSet claims, Duration ttl) {
        RSAKey key = keys.activeKey();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT)
                    .build(), claims);
            jwt.sign(new RSASSASigner(key));
            return new IssuedToken(jwt.serialize(), ttl.toSeconds());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private NimbusJwtDecoder decoder() {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                (selector, context) -> selector.select(keys.publicKeysIncluding(selector.getMatcher().getKeyIDs()
                        .stream().findFirst().orElse(null)))));
        // time claims are checked below against the injected clock, not Nimbus's system clock
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(settings.audience()));
        OAuth2TokenValidator<Jwt> expiry = new JwtClaimValidator<Instant>("exp", exp -> exp != null);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps,
                new JwtIssuerValidator(properties.issuer()), audience, expiry));
        return decoder;
    }

    /** An access token and its lifetime in seconds. */
    public record IssuedToken(String value, long expiresInSeconds) {
    }
}
