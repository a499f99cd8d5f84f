package dev.verity.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.verity.profile.ProfileService;
import dev.verity.tenancy.TenancyService;
import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SECURITY.md rule 16 from the outside: every token that is not a live user token signed by Verity — missing,
 * garbage, the wrong kind, expired, not yet valid, unsigned, HMAC-signed with the public key, for another issuer
 * or audience, tampered with, or signed by a look-alike key — is answered 401 with exactly Transmit's body. Forged
 * tokens are built with Nimbus; the ones that must differ from a valid token in a single claim are signed with
 * Verity's own active key, so the claim is the only reason for the refusal (and a positive control shows that
 * such a self-built token with correct claims is accepted). Also the token endpoint's RFC 6749 errors and the
 * discovery documents.
 */
@BothDatabases
class TokenValidationTests extends VerityHarness {

    static final String SEND = "/v1/verification/otp/email/send";
    static final String INVALID_TOKEN = "{\"message\":\"Invalid token\",\"error_code\":401}";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    TenancyService tenancy;

    @Autowired
    ProfileService profiles;

    private String userId;
    private String userToken;

    @BeforeEach
    void user() {
        userId = createUser(uniqueEmail("token-user"));
        userToken = userToken(userId);
    }

    // ---------------------------------------------------------------- v1: what is accepted (controls)

    @Test
    void validUserTokenIsAccepted() {
        assertThat(sendWithAuthorization("Bearer " + userToken).status()).isEqualTo(200);
    }

    @Test
    void tokenBuiltHereWithValidClaimsAndVerityKeyIsAccepted() throws Exception {
        // the control for every forged token below: the forging itself is sound
        assertThat(sendWithToken(signWithVerityKey(validClaims().build())).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- v1: what is refused

    @Test
    void noAuthorizationHeaderIsInvalidToken() {
        assertInvalidToken(sendWithAuthorization(null));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"Bearer garbage", "Bearer ", "Bearer", "Bearer a.b.c", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.",
            "Basic ZGVtby1iYWNrZW5kOmRlbW8tYmFja2VuZC1zZWNyZXQtMDEyMzQ1Njc4OQ==", "garbage"})
    void garbageAuthorizationIsInvalidToken(String authorization) {
        assertInvalidToken(sendWithAuthorization(authorization));
    }

    @Test
    void clientTokenIsNotAUserToken() {
        assertInvalidToken(sendWithToken(clientToken()));
    }

    @Test
    void expiredUserTokenIsInvalidToken() {
        clock.advance(Duration.ofHours(2));

        assertInvalidToken(sendWithToken(userToken));
    }

    @Test
    void notYetValidTokenIsInvalidToken() throws Exception {
        Instant now = clock.instant();
        JWTClaimsSet claims = validClaims()
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .build();

        assertInvalidToken(sendWithToken(signWithVerityKey(claims)));
    }

    @Test
    void tokenWithoutExpiryIsInvalidToken() throws Exception {
        assertInvalidToken(sendWithToken(signWithVerityKey(validClaims().expirationTime(null).build())));
    }

    @Test
    void unsignedAlgNoneTokenIsInvalidToken() throws Exception {
        JWTClaimsSet claims = validClaims().build();
        String none = new PlainJWT(claims).serialize();
        // the same with the real key's kid and a "typ", and with the signature of a real token left on
        String kid = signingKeys.activeKey().getKeyID();
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}").toString();
        String[] real = userToken.split("\\.");

        assertInvalidToken(sendWithToken(none));
        assertInvalidToken(sendWithToken(header + "." + claims.toPayload().toBase64URL() + "."));
        assertInvalidToken(sendWithToken(header + "." + real[1] + "." + real[2]));
        assertInvalidToken(sendWithToken(header + "." + real[1] + "."));
    }

    @ParameterizedTest(name = "HMAC key = {0}")
    @ValueSource(strings = {"DER", "PEM", "JWK", "JWKS"})
    void hs256SignedWithThePublishedPublicKeyIsInvalidToken(String encoding) throws Exception {
        // the key-confusion attack: everything needed is public
        Response jwks = get("/.well-known/jwks.json", null);
        assertThat(jwks.status()).isEqualTo(200);
        JWKSet set = JWKSet.parse(jwks.body());
        RSAKey published = (RSAKey) set.getKeys().get(0);
        byte[] der = published.toRSAPublicKey().getEncoded();
        byte[] secret = switch (encoding) {
            case "DER" -> der;
            case "PEM" -> ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
            case "JWK" -> published.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            default -> jwks.body().getBytes(StandardCharsets.UTF_8);
        };
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID())
                .type(JOSEObjectType.JWT).build(), validClaims().build());
        jwt.sign(new MACSigner(secret));

        assertInvalidToken(sendWithToken(jwt.serialize()));
    }

    @ParameterizedTest(name = "iss = [{0}]")
    @ValueSource(strings = {"https://evil.example", "http://localhost", "", "VERITY+/"})
    void wrongIssuerIsInvalidToken(String issuer) throws Exception {
        String iss = issuer.equals("VERITY+/") ? validClaims().build().getIssuer() + "/" : issuer;

        assertInvalidToken(sendWithToken(signWithVerityKey(validClaims().issuer(iss).build())));
    }

    @Test
    void missingIssuerIsInvalidToken() throws Exception {
        assertInvalidToken(sendWithToken(signWithVerityKey(validClaims().issuer(null).build())));
    }

    @Test
    void wrongAudienceIsInvalidToken() throws Exception {
        assertInvalidToken(sendWithToken(signWithVerityKey(validClaims().audience("not-verity").build())));
        assertInvalidToken(sendWithToken(signWithVerityKey(validClaims().audience(List.of("Verity", "https://evil.example")).build())));
        assertInvalidToken(sendWithToken(signWithVerityKey(validClaims().audience((String) null).build())));
    }

    @Test
    void tamperedPayloadIsInvalidToken() throws Exception {
        // flip the subject to another user, and separately stretch the expiry; the signature stays the real one
        String otherUser = createUser(uniqueEmail("victim"));
        String[] parts = userToken.split("\\.");
        JWTClaimsSet original = SignedJWT.parse(userToken).getJWTClaimsSet();
        JWTClaimsSet otherSubject = new JWTClaimsSet.Builder(original).subject(otherUser).build();
        JWTClaimsSet longer = new JWTClaimsSet.Builder(original)
                .expirationTime(Date.from(clock.instant().plus(Duration.ofDays(365)))).build();

        assertInvalidToken(sendWithToken(parts[0] + "." + otherSubject.toPayload().toBase64URL() + "." + parts[2]));
        assertInvalidToken(sendWithToken(parts[0] + "." + longer.toPayload().toBase64URL() + "." + parts[2]));
        // and one flipped bit in the signature itself
        byte[] signature = new Base64URL(parts[2]).decode();
        signature[signature.length / 2] ^= 0x01;
        assertInvalidToken(sendWithToken(parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)));
    }

    @Test
    void tokenSignedByAnotherRsaKeyWithTheSameKidIsInvalidToken() throws Exception {
        String kid = signingKeys.activeKey().getKeyID();
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE)
                .generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
                validClaims().build());
        jwt.sign(new RSASSASigner(impostor));

        assertInvalidToken(sendWithToken(jwt.serialize()));
    }

    @Test
    void userTokenIsRefusedByTheClientTokenUsersEndpoints() {
        Response create = postJson("/v1/users", userToken, "{\"email\":\"" + uniqueEmail("by-user") + "\"}");
        Response read = get("/v1/users/" + userId, userToken);
        Response byEmail = get("/v1/users/email/" + uniqueEmail("lookup"), userToken);

        assertInvalidToken(create);
        assertInvalidToken(read);
        assertInvalidToken(byEmail);
    }

    @Test
    void clientTokenIsRefusedByUsersMe() {
        assertInvalidToken(get("/v1/users/me", clientToken()));
        assertThat(get("/v1/users/me", userToken).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- POST /oidc/token

    @Test
    void wrongClientSecretIsInvalidClient() {
        Response basic = postForm("/oidc/token", CLIENT_ID, "wrong-secret", Map.of("grant_type", "client_credentials"));
        Response post = postForm("/oidc/token", null, null, Map.of("grant_type", "client_credentials",
                "client_id", CLIENT_ID, "client_secret", "wrong-secret"));
        Response unknown = postForm("/oidc/token", "no-such-client", CLIENT_SECRET, Map.of("grant_type", "client_credentials"));
        Response none = postForm("/oidc/token", null, null, Map.of("grant_type", "client_credentials"));

        for (Response response : List.of(basic, post, unknown, none)) {
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.json().get("error").asString()).isEqualTo("invalid_client");
            assertThat(response.json().has("access_token")).isFalse();
            assertThat(response.header("Cache-Control")).contains("no-store");
        }
        assertThat(basic.header("WWW-Authenticate")).startsWith("Basic");
    }

    @ParameterizedTest(name = "grant_type={0}")
    @ValueSource(strings = {"password", "authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "CLIENT_CREDENTIALS"})
    void unknownGrantIsUnsupportedGrantType(String grant) {
        Response response = postForm("/oidc/token", CLIENT_ID, CLIENT_SECRET, Map.of("grant_type", grant));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("unsupported_grant_type");
        assertThat(response.json().has("access_token")).isFalse();
    }

    @Test
    void tokenExchangeForUnknownUserIsInvalidGrant() {
        Response response = postForm("/oidc/token", CLIENT_ID, CLIENT_SECRET,
                Map.of("grant_type", TOKEN_EXCHANGE, "requested_subject", UUID.randomUUID().toString()));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(response.json().has("access_token")).isFalse();
    }

    @Test
    void tokenExchangeForUserOfAnotherTenantIsInvalidGrant() {
        String otherTenant = "globex-" + UUID.randomUUID().toString().substring(0, 8);
        tenancy.saveTenant(otherTenant);
        String foreignUser = profiles.create(otherTenant, uniqueEmail("foreign"), null).id();

        Response response = postForm("/oidc/token", CLIENT_ID, CLIENT_SECRET,
                Map.of("grant_type", TOKEN_EXCHANGE, "requested_subject", foreignUser));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(response.json().has("access_token")).isFalse();
    }

    @Test
    void clientSecretPostIssuesAWorkingClientToken() {
        Response response = postForm("/oidc/token", null, null, Map.of("grant_type", "client_credentials",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(response.json().get("expires_in").asLong()).isPositive();
        assertThat(response.header("Cache-Control")).contains("no-store");
        String token = response.json().get("access_token").asString();
        Response created = postJson("/v1/users", token, "{\"email\":\"" + uniqueEmail("post-auth") + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void tokenExchangeWithClientSecretPostIssuesAWorkingUserToken() {
        Response response = postForm("/oidc/token", null, null, Map.of("grant_type", TOKEN_EXCHANGE,
                "requested_subject", userId, "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(response.json().get("expires_in").asLong()).isPositive();
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(sendWithToken(response.json().get("access_token").asString()).status()).isEqualTo(200);
    }

    @Test
    void discoveryDocumentsAreServedAndMatchIssuedTokens() throws Exception {
        Response discovery = get("/.well-known/openid-configuration", null);
        Response jwks = get("/.well-known/jwks.json", null);

        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.header("Content-Type")).startsWith("application/json");
        String issuer = discovery.json().get("issuer").asString();
        assertThat(issuer).isNotBlank();
        assertThat(discovery.json().get("token_endpoint").asString()).isEqualTo(issuer + "/oidc/token");
        assertThat(discovery.json().get("jwks_uri").asString()).isEqualTo(issuer + "/.well-known/jwks.json");
        assertThat(discovery.json().get("grant_types_supported").valueStream().map(JsonNode::asString))
                .contains("client_credentials", TOKEN_EXCHANGE);

        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("Content-Type")).startsWith("application/json");
        JsonNode keys = jwks.json().get("keys");
        assertThat(keys.isArray()).isTrue();
        assertThat(keys.size()).isPositive();
        for (JsonNode key : keys) {
            assertThat(key.get("kty").asString()).isEqualTo("RSA");
            assertThat(key.has("kid")).isTrue();
            assertThat(key.propertyNames()).as("only public members").doesNotContain("d", "p", "q", "dp", "dq", "qi");
        }
        SignedJWT token = SignedJWT.parse(userToken);
        assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(issuer);
        assertThat(keys.valueStream().map(k -> k.get("kid").asString())).contains(token.getHeader().getKeyID());
        RSAKey published = (RSAKey) JWKSet.parse(jwks.body()).getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(token.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(published))).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    /** The claims of the real user token, as a builder with a fresh id. */
    private JWTClaimsSet.Builder validClaims() throws Exception {
        return new JWTClaimsSet.Builder(SignedJWT.parse(userToken).getJWTClaimsSet()).jwtID(UUID.randomUUID().toString());
    }

    private String signWithVerityKey(JWTClaimsSet claims) throws Exception {
        RSAKey key = signingKeys.activeKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private Response sendWithToken(String token) {
        return sendWithAuthorization("Bearer " + token);
    }

    private Response sendWithAuthorization(String authorization) {
        ObjectNode body = JSON.createObjectNode().put("email", uniqueEmail("token-dest"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(SEND))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private static void assertInvalidToken(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(INVALID_TOKEN);
    }
}
