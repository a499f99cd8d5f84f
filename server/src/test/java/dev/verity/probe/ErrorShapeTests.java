package dev.verity.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

/**
 * Every error in the dialect of its path prefix, also the ones no controller sees: an unknown route (404), a wrong
 * method (405), an Accept header it cannot serve (406), a body over 64 KiB (413), a wrong Content-Type (415) and a
 * URL the firewall rejects (400), on
 * {@code /v1} (Transmit), {@code /v2} (Verifik), {@code /oidc} (RFC 6749) and {@code /admin/api} (RFC 9457) — with
 * and without a token, since neither a missing route nor a body problem is a token question. Spring Boot's own
 * {@code /error} body never appears under these prefixes.
 */
@BothDatabases
class ErrorShapeTests extends VerityHarness {

    static final int OVER_LIMIT = 100 * 1024;

    enum Auth { NONE, CLIENT }

    record Case(String method, String path, String contentType, Body body, Auth auth, int status, String exactBody) {
        @Override
        public String toString() {
            return method + " " + path + " [" + (contentType == null ? "-" : contentType) + ", " + body + ", token "
                    + auth.name().toLowerCase() + "] -> " + status;
        }
    }

    enum Body { NONE, SMALL_JSON, BIG_JSON, BIG_JSON_CHUNKED, BIG_FORM, BIG_FORM_CHUNKED, SMALL_FORM }

    static final String V1_404 = "{\"message\":\"Not found\",\"error_code\":404}";
    static final String V1_405 = "{\"message\":\"Method not allowed\",\"error_code\":405}";
    static final String V1_413 = "{\"message\":\"Request body is too large\",\"error_code\":413}";
    static final String V1_415 = "{\"message\":\"Content-Type must be application/json\",\"error_code\":415}";
    static final String V1_400 = "{\"message\":\"Bad request\",\"error_code\":400}";

    static Stream<Arguments> cases() {
        Stream.Builder<Case> all = Stream.builder();
        for (Auth auth : Auth.values()) {
            // 404: unknown routes
            all.add(new Case("GET", "/v1/no-such-route", null, Body.NONE, auth, 404, V1_404));
            all.add(new Case("GET", "/v1", null, Body.NONE, auth, 404, V1_404));
            all.add(new Case("POST", "/v1/verification/otp/voice/send", "application/json", Body.SMALL_JSON, auth, 404, V1_404));
            all.add(new Case("GET", "/v2/no-such-route", null, Body.NONE, auth, 404, v2(404, "route_not_found")));
            all.add(new Case("POST", "/v2/no-such-route", "application/json", Body.SMALL_JSON, auth, 404,
                    v2(404, "route_not_found")));
            all.add(new Case("GET", "/oidc/no-such-route", null, Body.NONE, auth, 404, null));
            all.add(new Case("POST", "/oidc/authorize", "application/x-www-form-urlencoded", Body.SMALL_FORM, auth, 404, null));
            all.add(new Case("GET", "/admin/api/no-such-route", null, Body.NONE, auth, 404, null));
            all.add(new Case("GET", "/admin/api", null, Body.NONE, auth, 404, null));

            // 405: known routes, wrong methods
            all.add(new Case("DELETE", "/v1/verification/otp/email/send", null, Body.NONE, auth, 405, V1_405));
            all.add(new Case("PUT", "/v1/users/me", "application/json", Body.SMALL_JSON, auth, 405, V1_405));
            all.add(new Case("GET", "/v2/app-registrations", null, Body.NONE, auth, 405, v2(405, "method_not_allowed")));
            all.add(new Case("DELETE", "/v2/email-validations", null, Body.NONE, auth, 405, v2(405, "method_not_allowed")));
            all.add(new Case("GET", "/oidc/token", null, Body.NONE, auth, 405, null));
            all.add(new Case("DELETE", "/admin/api/applications/demo", null, Body.NONE, auth, 405, null));
            all.add(new Case("POST", "/admin/api/dev-inbox", "application/json", Body.SMALL_JSON, auth, 405, null));

            // 413: bodies over the limit, declared or chunked
            all.add(new Case("POST", "/v1/users", "application/json", Body.BIG_JSON, auth, 413, V1_413));
            all.add(new Case("POST", "/v1/users", "application/json", Body.BIG_JSON_CHUNKED, auth, 413, V1_413));
            all.add(new Case("POST", "/v2/app-registrations", "application/json", Body.BIG_JSON, auth, 413,
                    v2(413, "payload_too_large")));
            all.add(new Case("POST", "/v2/app-registrations", "application/json", Body.BIG_JSON_CHUNKED, auth, 413,
                    v2(413, "payload_too_large")));
            all.add(new Case("POST", "/oidc/token", "application/x-www-form-urlencoded", Body.BIG_FORM, auth, 413, null));
            all.add(new Case("POST", "/oidc/token", "application/x-www-form-urlencoded", Body.BIG_FORM_CHUNKED, auth, 413, null));
            all.add(new Case("PATCH", "/admin/api/applications/demo", "application/json", Body.BIG_JSON, auth, 413, null));
            all.add(new Case("PATCH", "/admin/api/applications/demo", "application/json", Body.BIG_JSON_CHUNKED, auth, 413, null));

            // 415: a body that is not what the operation reads
            all.add(new Case("POST", "/v1/users", "text/plain", Body.SMALL_JSON, auth, 415, V1_415));
            all.add(new Case("POST", "/v2/app-registrations", "text/plain", Body.SMALL_JSON, auth, 415,
                    v2(415, "unsupported_media_type")));
            all.add(new Case("POST", "/oidc/token", "application/json", Body.SMALL_JSON, auth, 415, null));
            all.add(new Case("PATCH", "/admin/api/applications/demo", "text/plain", Body.SMALL_JSON, auth, 415, null));

            // 400: URLs the security firewall refuses before any controller
            all.add(new Case("GET", "/v1/users/a;b", null, Body.NONE, auth, 400, V1_400));
            all.add(new Case("GET", "/v2/email-validations/a;b", null, Body.NONE, auth, 400, v2(400, "bad_request")));
            all.add(new Case("POST", "/oidc/token;x", "application/x-www-form-urlencoded", Body.SMALL_FORM, auth, 400, null));
            all.add(new Case("GET", "/admin/api/applications/a;b", null, Body.NONE, auth, 400, null));
        }
        return all.build().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void errorIsInTheDialectOfItsPrefix(Case c) {
        Response response = send(c);

        Dialect dialect = Dialect.of(c.path());
        String what = c.toString();
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(c.status());
        dialect.assertClientError(response, what);
        if (c.exactBody() != null) {
            assertThat(response.body()).as(what).isEqualTo(c.exactBody());
        }
        switch (dialect) {
            case OIDC -> assertThat(response.json().path("error").asString()).as(what).isEqualTo("invalid_request");
            case ADMIN -> assertThat(response.json().path("type").asString()).as(what)
                    .isEqualTo("https://verity.dev/problems/" + adminType(c.status()));
            default -> { }
        }
        if (c.status() == 405) {
            assertThat(response.header("Allow")).as(what).isNotBlank();
        }
    }

    static Stream<Arguments> negotiated() {
        return Stream.of(
                // a browser asking for HTML still gets the API's JSON error, not Spring Boot's error page
                Arguments.of("GET", "/v1/no-such-route", "text/html", 404),
                Arguments.of("GET", "/v2/no-such-route", "text/html,application/xhtml+xml,*/*;q=0.8", 404),
                Arguments.of("GET", "/oidc/no-such-route", "text/html", 404),
                Arguments.of("GET", "/admin/api/no-such-route", "text/html", 404),
                // an Accept header the operation cannot serve: 406, and the error itself in JSON
                Arguments.of("GET", "/v1/users/me", "application/xml", 406),
                Arguments.of("GET", "/v2/email-validations", "application/xml", 406),
                Arguments.of("POST", "/oidc/token", "application/xml", 406),
                Arguments.of("GET", "/admin/api/dev-inbox", "application/xml", 406));
    }

    @ParameterizedTest(name = "{0} {1} Accept: {2} -> {3}")
    @MethodSource("negotiated")
    void errorIsTheDialectsJsonWhateverTheClientAccepts(String method, String path, String accept, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Accept", accept);
        if (method.equals("POST")) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
        }
        Response response = send(request.build());

        String what = method + " " + path + " Accept: " + accept;
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(what).containsPattern("^application/(problem\\+)?json");
        Dialect.of(path).assertClientError(response, what);
    }

    private static String adminType(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "route-not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> throw new IllegalArgumentException("status " + status);
        };
    }

    private Response send(Case c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(c.path())).timeout(Duration.ofSeconds(20))
                .method(c.method(), publisher(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        if (c.auth() == Auth.CLIENT) {
            request.header("Authorization", "Bearer " + clientToken());
        }
        return send(request.build());
    }

    private static HttpRequest.BodyPublisher publisher(Body body) {
        return switch (body) {
            case NONE -> HttpRequest.BodyPublishers.noBody();
            case SMALL_JSON -> HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}");
            case SMALL_FORM -> HttpRequest.BodyPublishers.ofString("grant_type=client_credentials");
            case BIG_JSON -> HttpRequest.BodyPublishers.ofByteArray(bigJson());
            case BIG_JSON_CHUNKED -> chunked(bigJson());
            case BIG_FORM -> HttpRequest.BodyPublishers.ofByteArray(bigForm());
            case BIG_FORM_CHUNKED -> chunked(bigForm());
        };
    }

    static byte[] bigJson() {
        return ("{\"name\":\"" + "x".repeat(OVER_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bigForm() {
        return ("grant_type=client_credentials&padding=" + "x".repeat(OVER_LIMIT)).getBytes(StandardCharsets.UTF_8);
    }

    /** No Content-Length: the limit must hold while reading, not only on the declared length. */
    static HttpRequest.BodyPublisher chunked(byte[] bytes) {
        Supplier<java.io.InputStream> stream = () -> new ByteArrayInputStream(bytes);
        return HttpRequest.BodyPublishers.ofInputStream(stream);
    }

    private static String v2(int status, String key) {
        return "{\"code\":\"" + key + "\",\"message\":\"" + status + ":" + key + "\"}";
    }
}
