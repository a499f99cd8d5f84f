package dev.verity.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.verity.testing.VerityHarness.Response;

import tools.jackson.databind.JsonNode;

/**
 * The four error dialects Verity speaks, by path prefix, and what an error body of each must look like. Used by
 * the error-shape tests and the OpenAPI probe, so both hold every answer to the same rules: the dialect's fields and
 * nothing else (in particular none of Spring Boot's default {@code timestamp}/{@code path}/{@code trace}), and no
 * text from inside the server.
 */
enum Dialect {

    /** Transmit: {@code {"message": "…" | ["…"], "error_code": <status>[, "error_type": "…"]}}. */
    V1("/v1") {
        @Override
        void assertShape(Response response, String what) {
            JsonNode json = object(response, what);
            assertThat(names(json)).as(what).containsAnyOf("message").isSubsetOf("message", "error_code", "error_type");
            assertThat(json.path("error_code").isInt()).as(what).isTrue();
            assertThat(json.path("error_code").asInt()).as(what).isEqualTo(response.status());
            JsonNode message = json.path("message");
            assertThat(message.isString() || message.isArray() && !message.isEmpty()
                    && message.valueStream().allMatch(JsonNode::isString)).as(what).isTrue();
        }
    },

    /** Verifik: {@code {"code": "<key>", "message": "<status>:<key>"}}; 409 {@code MissingParameter} has free text. */
    V2("/v2") {
        @Override
        void assertShape(Response response, String what) {
            JsonNode json = object(response, what);
            assertThat(names(json)).as(what).containsExactlyInAnyOrder("code", "message");
            String code = json.path("code").asString("");
            String message = json.path("message").asString("");
            assertThat(code).as(what).matches("[A-Za-z_]+");
            if (response.status() == 409 && code.equals("MissingParameter")) {
                assertThat(message).as(what).isNotBlank();
            } else {
                assertThat(message).as(what).matches(response.status() + ":[A-Za-z_]+");
            }
        }
    },

    /** RFC 6749 §5.2: {@code {"error": "<code>", "error_description": "…"}}, never cached. */
    OIDC("/oidc") {
        @Override
        void assertShape(Response response, String what) {
            JsonNode json = object(response, what);
            assertThat(names(json)).as(what).containsExactlyInAnyOrder("error", "error_description");
            assertThat(json.path("error").asString("")).as(what).isIn(OAUTH_ERRORS);
            assertThat(json.path("error_description").asString("")).as(what).matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
            assertThat(response.header("Cache-Control")).as(what).contains("no-store");
        }
    },

    /** RFC 9457 problem details with a stable {@code type} under Verity's problem namespace. */
    ADMIN("/admin/api") {
        @Override
        void assertShape(Response response, String what) {
            assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
            JsonNode json = object(response, what);
            assertThat(names(json)).as(what).contains("type", "title", "status")
                    .isSubsetOf("type", "title", "status", "detail", "instance");
            assertThat(json.path("type").asString("")).as(what).matches("https://verity\\.dev/problems/[a-z-]+");
            assertThat(json.path("status").asInt()).as(what).isEqualTo(response.status());
            assertThat(json.path("title").asString("")).as(what).isNotBlank();
        }
    };

    static final Set<String> OAUTH_ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "temporarily_unavailable");

    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)exception|\\bat [\\w$.]+\\(|java\\.|jakarta\\.|javax\\.|org\\.springframework|tools\\.jackson"
                    + "|com\\.fasterxml|org\\.apache|dev\\.verity|stack ?trace|\"trace\"|\"timestamp\"");

    private final String prefix;

    Dialect(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** The dialect that answers for {@code path}. */
    static Dialect of(String path) {
        for (Dialect dialect : values()) {
            if (path.equals(dialect.prefix) || path.startsWith(dialect.prefix + "/")) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("no dialect for " + path);
    }

    /** A 4xx in this dialect's shape, with nothing from inside the server. */
    void assertClientError(Response response, String what) {
        String described = what + " -> " + response.status() + " " + response.body();
        assertThat(response.status()).as(described).isBetween(400, 499);
        assertShape(response, described);
        // a problem's "instance" is the request's own path, echoed: what the caller sent, not the server's insides
        String checked = response.json().has("instance")
                ? ((tools.jackson.databind.node.ObjectNode) response.json().deepCopy()).without("instance").toString()
                : response.body();
        assertThat(checked).as(described).doesNotContainPattern(INTERNALS);
    }

    abstract void assertShape(Response response, String what);

    private static JsonNode object(Response response, String what) {
        assertThat(response.json()).as(what).isNotNull();
        assertThat(response.json().isObject()).as(what).isTrue();
        return response.json();
    }

    private static List<String> names(JsonNode json) {
        return new ArrayList<>(json.propertyNames());
    }
}
