package dev.verity.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.Client;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.tenancy.TenancyService;
import dev.verity.testing.VerityHarness;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A standing security probe of every operation in Verity's own OpenAPI document ({@code /openapi.json}, read from
 * the running server): each gets a malformed body, wrong JSON types (every property of its request schema, and of
 * the plausible body below, given values of other types), a body over 64 KiB (declared and chunked), no token, a
 * token of another tenant, and two forged tokens ({@code alg: none}, and HS256 keyed with the bytes of Verity's RSA
 * public key from the JWKS). Under {@code /v1}, {@code /v2}, {@code /oidc} and {@code /admin/api} every answer must be
 * a 4xx in that API's error shape; nowhere may one be a 5xx or show the server's insides.
 *
 * <p>The probes are derived from the document, and the suite fails when the document and {@link #OPERATIONS} — the
 * explicit list of what each operation needs (its kind of token, a plausible body, fixtures for path parameters)
 * — differ in either direction, and when an operation of the document was not exercised. A new endpoint is thus
 * probed from the day it appears, and a removed or skipped one is noticed.
 *
 * <p>Another tenant's token: where the operation names a resource of the test set-up's tenant (in its path or its
 * body, {@link Scope#OWN}) the answer must be a 4xx; where it acts in the caller's own tenant ({@link Scope#ANY}, such
 * as creating a user or listing), a success is legitimate, but it must carry nothing of the first tenant.
 */
class OpenApiProbeTests extends VerityHarness {

    /** The kind of credential an operation asks for. */
    enum Auth { USER, CLIENT, OPTIONAL_CLIENT, REGISTRATION, BASIC, PUBLIC }

    /** Whether another tenant's token addresses the first tenant's resources (OWN) or its own tenant (ANY). */
    enum Scope { OWN, ANY }

    enum BodyType { NONE, JSON, FORM }

    /**
     * What the probe needs to know about one operation beyond the document.
     *
     * @param params path parameter → fixture key (see {@link Fixtures#value})
     * @param body   a plausible body with {@code ${fixture}} placeholders (JSON or form, per {@code type})
     */
    record Operation(String method, String path, Auth auth, Scope scope, BodyType type, String body,
            Map<String, String> params) {

        String key() {
            return method + " " + path;
        }
    }

    private static Operation op(String method, String path, Auth auth, Scope scope) {
        return new Operation(method, path, auth, scope, BodyType.NONE, null, Map.of());
    }

    private static Operation op(String method, String path, Auth auth, Scope scope, Map<String, String> params) {
        return new Operation(method, path, auth, scope, BodyType.NONE, null, params);
    }

    private static Operation json(String method, String path, Auth auth, Scope scope, String body,
            Map<String, String> params) {
        return new Operation(method, path, auth, scope, BodyType.JSON, body, params);
    }

    private static Operation form(String method, String path, Auth auth, Scope scope, String body,
            Map<String, String> params) {
        return new Operation(method, path, auth, scope, BodyType.FORM, body, params);
    }

    /** Every operation the OpenAPI document must list: no more, no fewer. */
    static final List<Operation> OPERATIONS = List.of(
            // v1: Transmit's users and verification APIs
            json("POST", "/v1/users", Auth.CLIENT, Scope.ANY, "{\"email\":\"${newEmail}\"}", Map.of()),
            op("GET", "/v1/users/me", Auth.USER, Scope.ANY),
            op("GET", "/v1/users/{userId}", Auth.CLIENT, Scope.OWN, Map.of("userId", "user")),
            op("GET", "/v1/users/email/{email}", Auth.CLIENT, Scope.OWN, Map.of("email", "email")),
            op("GET", "/v1/users/phone-number/{phoneNumber}", Auth.CLIENT, Scope.OWN, Map.of("phoneNumber", "phone")),
            op("DELETE", "/v1/users/{userId}/emails/{email}", Auth.CLIENT, Scope.OWN,
                    Map.of("userId", "user", "email", "email")),
            op("DELETE", "/v1/users/{userId}/phone-numbers/{phoneNumber}", Auth.CLIENT, Scope.OWN,
                    Map.of("userId", "user", "phoneNumber", "phone")),
            json("POST", "/v1/verification/otp/email/send", Auth.USER, Scope.ANY, "{\"email\":\"${newEmail}\"}", Map.of()),
            json("POST", "/v1/verification/otp/email/validate", Auth.USER, Scope.ANY,
                    "{\"email\":\"${email}\",\"passcode\":\"123456\"}", Map.of()),
            json("POST", "/v1/verification/otp/sms/send", Auth.USER, Scope.ANY, "{\"phone_number\":\"${phone}\"}", Map.of()),
            json("POST", "/v1/verification/otp/sms/validate", Auth.USER, Scope.ANY,
                    "{\"phone_number\":\"${phone}\",\"passcode\":\"123456\"}", Map.of()),
            json("POST", "/v1/verification/otp/whatsapp/send", Auth.USER, Scope.ANY,
                    "{\"phone_number\":\"${phone}\"}", Map.of()),
            json("POST", "/v1/verification/otp/whatsapp/validate", Auth.USER, Scope.ANY,
                    "{\"phone_number\":\"${phone}\",\"passcode\":\"123456\"}", Map.of()),
            json("POST", "/v1/verification/links/email", Auth.USER, Scope.ANY,
                    "{\"email\":\"${newEmail}\",\"redirect_uri\":\"https://app.example.com/verified\"}", Map.of()),
            // v2: Verifik's app registrations and validations
            json("POST", "/v2/app-registrations", Auth.OPTIONAL_CLIENT, Scope.OWN,
                    "{\"project\":\"demo\",\"projectFlow\":\"private-flow\",\"email\":\"${newEmail}\"}", Map.of()),
            op("POST", "/v2/app-registrations/me", Auth.REGISTRATION, Scope.ANY),
            json("PUT", "/v2/app-registrations/{id}/sync", Auth.REGISTRATION, Scope.OWN,
                    "{\"step\":\"signUpForm\",\"status\":\"COMPLETED\"}", Map.of("id", "registration")),
            json("POST", "/v2/email-validations/app-registration", Auth.REGISTRATION, Scope.OWN,
                    "{\"project\":\"demo\",\"validationMethod\":\"verificationCode\",\"email\":\"${validationEmail}\","
                            + "\"type\":\"onboarding\"}", Map.of()),
            json("PUT", "/v2/email-validations/{id}", Auth.REGISTRATION, Scope.OWN,
                    "{\"email\":\"${validationEmail}\",\"otp\":\"000000\"}", Map.of("id", "validation")),
            json("POST", "/v2/phone-validations/app-registration", Auth.REGISTRATION, Scope.OWN,
                    "{\"project\":\"demo\",\"validationMethod\":\"verificationCode\",\"phone\":\"4155550123\","
                            + "\"countryCode\":\"+1\",\"type\":\"onboarding\"}", Map.of()),
            json("PUT", "/v2/phone-validations", Auth.REGISTRATION, Scope.ANY,
                    "{\"phone\":\"4155550123\",\"countryCode\":\"+1\",\"otp\":\"000000\"}", Map.of()),
            op("GET", "/v2/email-validations", Auth.CLIENT, Scope.ANY),
            op("GET", "/v2/phone-validations", Auth.CLIENT, Scope.ANY),
            op("GET", "/v2/email-validations/{id}", Auth.CLIENT, Scope.OWN, Map.of("id", "validation")),
            op("GET", "/v2/phone-validations/{id}", Auth.CLIENT, Scope.OWN, Map.of("id", "random")),
            // admin API
            op("GET", "/admin/api/applications", Auth.CLIENT, Scope.ANY),
            json("POST", "/admin/api/applications", Auth.CLIENT, Scope.ANY,
                    "{\"id\":\"${newId}\",\"name\":\"Probe App\"}", Map.of()),
            op("GET", "/admin/api/applications/{id}", Auth.CLIENT, Scope.OWN, Map.of("id", "application")),
            json("PATCH", "/admin/api/applications/{id}", Auth.CLIENT, Scope.OWN, "{\"name\":\"Demo App\"}",
                    Map.of("id", "application")),
            json("PUT", "/admin/api/applications/{id}/flows/{flowId}", Auth.CLIENT, Scope.OWN,
                    "{\"type\":\"onboarding\",\"public\":true,\"email_gateway\":\"email\",\"phone_gateway\":\"none\"}",
                    Map.of("id", "application", "flowId", "flow")),
            op("GET", "/admin/api/applications/{id}/flows", Auth.CLIENT, Scope.OWN, Map.of("id", "application")),
            op("GET", "/admin/api/applications/{id}/flows/{flowId}", Auth.CLIENT, Scope.OWN,
                    Map.of("id", "application", "flowId", "flow")),
            op("GET", "/admin/api/applications/{id}/webhooks", Auth.CLIENT, Scope.OWN, Map.of("id", "application")),
            json("POST", "/admin/api/applications/{id}/webhooks", Auth.CLIENT, Scope.OWN,
                    "{\"url\":\"https://hooks.invalid/probe\",\"secret\":"
                            + "\"whsec_cHJvYmUtd2ViaG9vay1rZXktMDEyMzQ1Njc4OWFiY2Q=\",\"events\":[\"contact.verified\"]}",
                    Map.of("id", "application")),
            op("DELETE", "/admin/api/applications/{id}/webhooks/{webhookId}", Auth.CLIENT, Scope.OWN,
                    Map.of("id", "application", "webhookId", "random")),
            op("GET", "/admin/api/webhook-deliveries", Auth.CLIENT, Scope.ANY),
            op("GET", "/admin/api/dev-inbox", Auth.CLIENT, Scope.ANY),
            op("GET", "/admin/api/messages/{id}", Auth.CLIENT, Scope.OWN, Map.of("id", "random")),
            op("GET", "/admin/api/clients", Auth.CLIENT, Scope.ANY),
            // the body names the first tenant's application
            json("POST", "/admin/api/clients", Auth.CLIENT, Scope.OWN,
                    "{\"id\":\"${newId}\",\"application\":\"demo\",\"roles\":[\"admin\"]}", Map.of()),
            op("POST", "/admin/api/clients/{id}/secret", Auth.CLIENT, Scope.OWN, Map.of("id", "client")),
            op("DELETE", "/admin/api/clients/{id}", Auth.CLIENT, Scope.OWN, Map.of("id", "client")),
            op("GET", "/admin/api/audit-log", Auth.CLIENT, Scope.ANY),
            op("GET", "/admin/api/verifications", Auth.CLIENT, Scope.ANY),
            op("GET", "/admin/api/protection-events", Auth.CLIENT, Scope.ANY),
            op("GET", "/admin/api/blocked-prefixes", Auth.CLIENT, Scope.ANY),
            op("GET", "/admin/api/users", Auth.CLIENT, Scope.ANY),
            op("GET", "/admin/api/admins", Auth.CLIENT, Scope.ANY),
            json("POST", "/admin/api/admins", Auth.CLIENT, Scope.ANY,
                    "{\"username\":\"${newId}\",\"password\":\"probe-password-0123\"}", Map.of()),
            json("PUT", "/admin/api/admins/{username}/password", Auth.CLIENT, Scope.OWN,
                    "{\"password\":\"probe-password-0123\"}", Map.of("username", "admin")),
            op("DELETE", "/admin/api/admins/{username}", Auth.CLIENT, Scope.OWN, Map.of("username", "admin")),
            op("DELETE", "/admin/api/users/{id}/contacts/{value}", Auth.CLIENT, Scope.OWN,
                    Map.of("id", "user", "value", "email")),
            op("DELETE", "/admin/api/applications/{id}/blocked-prefixes/{prefix}", Auth.CLIENT, Scope.OWN,
                    Map.of("id", "application", "prefix", "random")),
            // OAuth 2.0 token endpoint: the body names a user of the first tenant
            form("POST", "/oidc/token", Auth.BASIC, Scope.OWN,
                    "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&requested_subject=${user}",
                    Map.of()),
            // public: discovery, Twilio's status callback (the magic-link pages are not in the document)
            op("GET", "/.well-known/jwks.json", Auth.PUBLIC, Scope.ANY),
            op("GET", "/.well-known/openid-configuration", Auth.PUBLIC, Scope.ANY),
            form("POST", "/webhooks/twilio/status", Auth.PUBLIC, Scope.ANY, "MessageSid=SM${random}&MessageStatus=delivered",
                    Map.of()));

    private static final int OVER_LIMIT = 100 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final String RIVAL_TENANT = "probe-rival";

    @Autowired
    TenancyService tenancy;

    private final Set<String> exercised = new ConcurrentSkipListSet<>();

    @TestFactory
    Stream<DynamicNode> everyOperationOfTheOpenApiDocumentIsProbed() throws Exception {
        Response document = get("/openapi.json", null);
        assertThat(document.status()).as(document.body()).isEqualTo(200);
        JsonNode doc = document.json();
        Map<String, DocumentOperation> documented = operations(doc);
        Map<String, Operation> expected = OPERATIONS.stream()
                .collect(Collectors.toMap(Operation::key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Fixtures fixtures = new Fixtures();

        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(dynamicTest("the document lists exactly the " + OPERATIONS.size() + " expected operations", () -> {
            assertThat(expected).as("duplicates in OPERATIONS").hasSameSizeAs(OPERATIONS);
            assertThat(difference(documented.keySet(), expected.keySet()))
                    .as("operations in the OpenAPI document that OPERATIONS does not describe (add them)").isEmpty();
            assertThat(difference(expected.keySet(), documented.keySet()))
                    .as("operations in OPERATIONS that the document no longer has").isEmpty();
        }));
        for (DocumentOperation operation : documented.values()) {
            // an operation the list does not know yet is still probed, as a client-token operation of its own tenant
            Operation known = expected.getOrDefault(operation.key(), new Operation(operation.method(), operation.path(),
                    Auth.CLIENT, Scope.OWN, operation.bodyType(), operation.bodyType() == BodyType.JSON ? "{}" : "", Map.of()));
            nodes.add(dynamicContainer(operation.key(), probes(doc, operation, known, fixtures)));
        }
        nodes.add(dynamicTest("every operation of the document was exercised", () ->
                assertThat(new TreeSet<>(exercised)).isEqualTo(new TreeSet<>(documented.keySet()))));
        return nodes.stream();
    }

    // ---------------------------------------------------------------- the probes of one operation

    private Stream<DynamicTest> probes(JsonNode doc, DocumentOperation documented, Operation operation, Fixtures fixtures) {
        List<DynamicTest> tests = new ArrayList<>();
        String what = operation.key();
        BodyType type = documented.bodyType() != BodyType.NONE ? documented.bodyType() : operation.type();
        if (type == BodyType.JSON) {
            tests.add(dynamicTest("malformed JSON", () -> expectClientError(operation, fixtures,
                    request(operation, fixtures, Credential.OWN, "application/json", bytes("{\"email\": ")),
                    what + " malformed JSON")));
            for (Mutation mutation : mutations(doc, documented, operation, fixtures)) {
                tests.add(dynamicTest("wrong type: " + mutation.name(), () -> expectClientError(operation, fixtures,
                        request(operation, fixtures, Credential.OWN, "application/json", bytes(mutation.body().toString())),
                        what + " " + mutation.name() + ": " + mutation.body())));
            }
        } else if (type == BodyType.FORM) {
            tests.add(dynamicTest("malformed form", () -> expectClientError(operation, fixtures,
                    request(operation, fixtures, Credential.OWN, "application/x-www-form-urlencoded",
                            bytes(fixtures.fill(operation.body()) + "&broken=%zz%")), what + " malformed form")));
            tests.add(dynamicTest("JSON where a form belongs", () -> expectClientError(operation, fixtures,
                    request(operation, fixtures, Credential.OWN, "application/json", bytes("{\"grant_type\":1}")),
                    what + " JSON body")));
        }
        String contentType = type == BodyType.FORM ? "application/x-www-form-urlencoded" : "application/json";
        tests.add(dynamicTest("body over 64 KiB", () -> expectTooLarge(operation, fixtures,
                request(operation, fixtures, Credential.OWN, contentType, oversized(type), false), what + " oversized")));
        if (type != BodyType.NONE) {
            tests.add(dynamicTest("body over 64 KiB, chunked", () -> expectTooLarge(operation, fixtures,
                    request(operation, fixtures, Credential.OWN, contentType, oversized(type), true),
                    what + " oversized, chunked")));
        }
        for (Credential credential : List.of(Credential.NONE, Credential.RIVAL, Credential.ALG_NONE, Credential.HS256_PUBLIC_KEY)) {
            tests.add(dynamicTest("token: " + credential.description, () -> expectRefusedCredential(operation, fixtures,
                    credential, request(operation, fixtures, credential, contentType, plausibleBody(operation, fixtures)),
                    what + " with " + credential.description)));
        }
        return tests.stream();
    }

    private void expectClientError(Operation operation, Fixtures fixtures, HttpRequest request, String what) {
        exercised.add(operation.key());
        Response response = send(request);
        assertNot5xx(response, what);
        dialect(operation).ifPresentOrElse(dialect -> dialect.assertClientError(response, what),
                () -> assertThat(response.status()).as(what + " -> " + response.body()).isBetween(400, 499));
    }

    private void expectTooLarge(Operation operation, Fixtures fixtures, HttpRequest request, String what) {
        exercised.add(operation.key());
        Response response = send(request);
        assertNot5xx(response, what);
        assertThat(response.status()).as(what + " -> " + response.body()).isEqualTo(413);
        dialect(operation).ifPresent(dialect -> dialect.assertClientError(response, what));
    }

    private void expectRefusedCredential(Operation operation, Fixtures fixtures, Credential credential,
            HttpRequest request, String what) {
        exercised.add(operation.key());
        Response response = send(request);
        assertNot5xx(response, what);
        if (operation.auth() == Auth.PUBLIC || credential == Credential.RIVAL && operation.scope() == Scope.ANY) {
            // a legitimate caller: public, or another tenant acting in its own tenant
            if (response.status() >= 400) {
                dialect(operation).ifPresent(dialect -> dialect.assertClientError(response, what));
            }
        } else {
            dialect(operation).ifPresentOrElse(dialect -> dialect.assertClientError(response, what),
                    () -> assertThat(response.status()).as(what + " -> " + response.body()).isBetween(400, 499));
            if (credential != Credential.RIVAL && operation.auth() != Auth.OPTIONAL_CLIENT
                    && dialect(operation).filter(d -> d != Dialect.V2).isPresent()) {
                assertThat(response.status()).as(what + " -> " + response.body()).isEqualTo(401);
            }
        }
        if (credential == Credential.RIVAL) {
            fixtures.assertNoLeak(response, what);
        }
    }

    private static void assertNot5xx(Response response, String what) {
        assertThat(response.status()).as(what + " -> " + response.body()).isLessThan(500);
        assertThat(response.body()).as(what)
                .doesNotContainPattern("(?i)exception|\\bat [\\w$.]+\\(|org\\.springframework|dev\\.verity|\"trace\"");
    }

    private static java.util.Optional<Dialect> dialect(Operation operation) {
        try {
            return java.util.Optional.of(Dialect.of(operation.path()));
        } catch (IllegalArgumentException outsideTheApis) {
            return java.util.Optional.empty();
        }
    }

    // ---------------------------------------------------------------- requests

    enum Credential {
        OWN("a valid one"), NONE("none"), RIVAL("another tenant's"), ALG_NONE("alg none"),
        HS256_PUBLIC_KEY("HS256 keyed with the RSA public key");

        final String description;

        Credential(String description) {
            this.description = description;
        }
    }

    private HttpRequest request(Operation operation, Fixtures fixtures, Credential credential, String contentType,
            byte[] body) {
        return request(operation, fixtures, credential, contentType, body, false);
    }

    private HttpRequest request(Operation operation, Fixtures fixtures, Credential credential, String contentType,
            byte[] body, boolean chunked) {
        String path = operation.path();
        for (Map.Entry<String, String> param : operation.params().entrySet()) {
            path = path.replace("{" + param.getKey() + "}",
                    URLEncoder.encode(fixtures.value(param.getValue()), StandardCharsets.UTF_8));
        }
        path = path.replaceAll("\\{[^}]+}", fixtures.value("random"));
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method(operation.method(), publisher);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        fixtures.authorization(operation.auth(), credential).ifPresent(value -> request.header("Authorization", value));
        return request.build();
    }

    private static byte[] plausibleBody(Operation operation, Fixtures fixtures) {
        return operation.body() == null ? null : bytes(fixtures.fill(operation.body()));
    }

    private static byte[] oversized(BodyType type) {
        String padding = "x".repeat(OVER_LIMIT);
        return bytes(type == BodyType.FORM ? "grant_type=client_credentials&padding=" + padding
                : "{\"padding\":\"" + padding + "\"}");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- wrong types, from the document's schemas

    record Mutation(String name, JsonNode body) {
    }

    /**
     * For every property of the request schema (nested objects included) and of the plausible body: the plausible body
     * with that property replaced by each value of another JSON type.
     */
    private static List<Mutation> mutations(JsonNode doc, DocumentOperation documented, Operation operation,
            Fixtures fixtures) {
        ObjectNode plausible = (ObjectNode) JSON.readTree(fixtures.fill(operation.body() == null ? "{}" : operation.body()));
        Map<String, String> properties = new LinkedHashMap<>();
        collect(doc, documented.requestSchema(), "", properties, 0);
        for (Map.Entry<String, JsonNode> field : plausible.properties()) {
            properties.putIfAbsent(field.getKey(), typeOf(field.getValue()));
        }
        List<Mutation> mutations = new ArrayList<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            for (JsonNode wrong : wrongValues(property.getValue())) {
                ObjectNode body = plausible.deepCopy();
                set(body, property.getKey().split("\\."), wrong);
                mutations.add(new Mutation(property.getKey() + " (" + property.getValue() + ") = " + wrong, body));
            }
        }
        return mutations;
    }

    private static void collect(JsonNode doc, JsonNode schema, String prefix, Map<String, String> into, int depth) {
        JsonNode resolved = resolve(doc, schema);
        if (resolved == null || depth > 2 || schema.path("$ref").asString("").endsWith("/JsonNode")) {
            // v2 reads its bodies as a JSON tree, which the document can only describe as Jackson's JsonNode bean;
            // its fields come from the plausible body instead
            return;
        }
        for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
            String name = prefix + property.getKey();
            JsonNode value = resolve(doc, property.getValue());
            String type = schemaType(value);
            into.put(name, type);
            if (type.equals("object")) {
                collect(doc, value, name + ".", into, depth + 1);
            }
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            return null;
        }
        if (schema.has("$ref")) {
            return doc.at(schema.get("$ref").asString().substring(1));
        }
        return schema;
    }

    private static String schemaType(JsonNode schema) {
        if (schema == null) {
            return "string";
        }
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asString().equals("null")) {
                    return t.asString();
                }
            }
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") ? "object" : "string";
    }

    private static String typeOf(JsonNode value) {
        if (value.isString()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.isArray() ? "array" : "object";
    }

    private static List<JsonNode> wrongValues(String type) {
        ObjectNode object = NODES.objectNode().put("probe", 1);
        ArrayNode array = NODES.arrayNode().add("probe");
        return switch (type) {
            case "string" -> List.of(NODES.numberNode(12345), object, array);
            case "boolean", "integer", "number" -> List.of(NODES.stringNode("probe"), object);
            case "array" -> List.of(NODES.stringNode("probe"), object);
            default -> List.of(NODES.stringNode("probe"), array);
        };
    }

    private static void set(ObjectNode body, String[] path, JsonNode value) {
        ObjectNode parent = body;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(path[i]);
        }
        parent.set(path[path.length - 1], value);
    }

    // ---------------------------------------------------------------- the document

    record DocumentOperation(String method, String path, BodyType bodyType, JsonNode requestSchema) {
        String key() {
            return method + " " + path;
        }
    }

    private static Map<String, DocumentOperation> operations(JsonNode doc) {
        Map<String, DocumentOperation> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                JsonNode content = operation.path("requestBody").path("content");
                BodyType type = BodyType.NONE;
                JsonNode schema = null;
                Iterator<String> mediaTypes = content.propertyNames().iterator();
                while (mediaTypes.hasNext()) {
                    String mediaType = mediaTypes.next();
                    if (mediaType.contains("json")) {
                        type = BodyType.JSON;
                        schema = content.path(mediaType).path("schema");
                    } else if (mediaType.contains("form-urlencoded") && type == BodyType.NONE) {
                        type = BodyType.FORM;
                    }
                }
                String key = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                operations.put(key, new DocumentOperation(method.toUpperCase(Locale.ROOT), path.getKey(), type, schema));
            }
        }
        return operations;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    // ---------------------------------------------------------------- fixtures: two tenants and their tokens

    /**
     * The first tenant is the test set-up's ({@code acme}: application {@code demo}, client {@code demo-backend});
     * the second is created here with an application, an admin client, a public demo flow, a user and a registration.
     */
    final class Fixtures {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<Auth, String> own = new LinkedHashMap<>();
        private final Map<Auth, String> rival = new LinkedHashMap<>();
        private final String rivalClientId = "probe-rival-" + UUID.randomUUID().toString().substring(0, 8);
        private final String rivalSecret = "probe-rival-secret-" + UUID.randomUUID();
        private final byte[] publicKey;
        private final Set<String> firstTenantValues = new LinkedHashSet<>();

        Fixtures() throws Exception {
            String email = uniqueEmail("probe-owner");
            String user = createUser(email);
            values.put("user", user);
            values.put("email", email);
            values.put("phone", "+14155550123");
            values.put("application", "demo");
            values.put("flow", "onboarding");
            values.put("admin", "admin");
            values.put("random", UUID.randomUUID().toString());
            // a client of the first tenant that only the probes touch (another tenant must not rotate or revoke it)
            String probeClient = "probe-client-" + UUID.randomUUID().toString().substring(0, 8);
            tenancy.saveClient(new Client(probeClient, "acme", "demo", Set.of()), "probe-client-secret-" + UUID.randomUUID());
            values.put("client", probeClient);
            own.put(Auth.USER, userToken(user));
            own.put(Auth.CLIENT, clientToken());
            own.put(Auth.OPTIONAL_CLIENT, own.get(Auth.CLIENT));

            String validationEmail = uniqueEmail("probe-validation");
            values.put("validationEmail", validationEmail);
            Registration registration = register("demo", "demo-flow", validationEmail, null);
            values.put("registration", registration.id());
            own.put(Auth.REGISTRATION, registration.token());
            Response validation = postJson("/v2/email-validations/app-registration", registration.token(),
                    "{\"project\":\"demo\",\"validationMethod\":\"verificationCode\",\"email\":\"" + validationEmail
                            + "\",\"type\":\"onboarding\"}");
            assertThat(validation.status()).as(validation.body()).isEqualTo(200);
            values.put("validation", validation.json().at("/data/_id").asString());

            // the second tenant
            tenancy.saveApplication(new Application("probe-rival", RIVAL_TENANT, "Rival App", OtpPolicy.DEFAULT,
                    List.of("en"), List.of()));
            tenancy.saveClient(new Client(rivalClientId, RIVAL_TENANT, "probe-rival", Set.of("admin")), rivalSecret);
            String rivalClient = clientToken(rivalClientId, rivalSecret);
            Response flow = send(HttpRequest.newBuilder(uri("/admin/api/applications/probe-rival/flows/rival-flow"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + rivalClient)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"type\":\"onboarding\",\"public\":true,"
                            + "\"email_gateway\":\"email\",\"phone_gateway\":\"none\",\"demo\":true}"))
                    .build());
            assertThat(flow.status()).as(flow.body()).isEqualTo(200);
            Response rivalUser = postJson("/v1/users", rivalClient, "{\"email\":\"" + uniqueEmail("probe-rival") + "\"}");
            assertThat(rivalUser.status()).as(rivalUser.body()).isEqualTo(201);
            rival.put(Auth.USER, userToken(rivalClientId, rivalSecret, rivalUser.json().at("/result/user_id").asString()));
            rival.put(Auth.CLIENT, rivalClient);
            rival.put(Auth.OPTIONAL_CLIENT, rivalClient);
            rival.put(Auth.REGISTRATION,
                    register("probe-rival", "rival-flow", uniqueEmail("probe-rival-registration"), null).token());

            JWKSet keys = JWKSet.parse(get("/.well-known/jwks.json", null).body());
            publicKey = ((RSAKey) keys.getKeys().get(0)).toRSAPublicKey().getEncoded();
            firstTenantValues.addAll(List.of(user, email, registration.id(), values.get("validation"), validationEmail,
                    "Demo App"));
        }

        record Registration(String id, String token) {
        }

        private Registration register(String project, String flow, String email, String token) {
            Response response = postJson("/v2/app-registrations", token, "{\"project\":\"" + project
                    + "\",\"projectFlow\":\"" + flow + "\",\"email\":\"" + email + "\"}");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return new Registration(response.json().at("/data/appRegistration/_id").asString(),
                    response.json().at("/data/token").asString());
        }

        String value(String key) {
            if (key.equals("newEmail")) {
                return uniqueEmail("probe-new");
            }
            if (key.equals("newId")) {
                return "probe-" + UUID.randomUUID().toString().substring(0, 13);
            }
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("no fixture " + key);
            }
            return value;
        }

        /** The template with every {@code ${key}} replaced by its fixture. */
        String fill(String template) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int start = template.indexOf("${", at);
                if (start < 0) {
                    return out.append(template.substring(at)).toString();
                }
                int end = template.indexOf('}', start);
                out.append(template, at, start).append(value(template.substring(start + 2, end)));
                at = end + 1;
            }
        }

        java.util.Optional<String> authorization(Auth auth, Credential credential) {
            if (credential == Credential.NONE) {
                return java.util.Optional.empty();
            }
            if (auth == Auth.BASIC && (credential == Credential.OWN || credential == Credential.RIVAL)) {
                String pair = credential == Credential.OWN ? CLIENT_ID + ":" + CLIENT_SECRET : rivalClientId + ":" + rivalSecret;
                return java.util.Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString(bytes(pair)));
            }
            Auth kind = auth == Auth.BASIC || auth == Auth.PUBLIC ? Auth.CLIENT : auth;
            String token = switch (credential) {
                case OWN -> own.get(kind);
                case RIVAL -> rival.get(kind);
                case ALG_NONE -> algNone(own.get(kind));
                case HS256_PUBLIC_KEY -> hs256WithPublicKey(own.get(kind));
                case NONE -> throw new IllegalStateException();
            };
            return java.util.Optional.of("Bearer " + token);
        }

        /** The claims of a real token of the right kind, unsigned. */
        private String algNone(String real) {
            try {
                return new PlainJWT(SignedJWT.parse(real).getJWTClaimsSet()).serialize();
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The claims of a real token, HMAC-signed with the published RSA key's bytes (key confusion). */
        private String hs256WithPublicKey(String real) {
            try {
                SignedJWT parsed = SignedJWT.parse(real);
                JWTClaimsSet claims = parsed.getJWTClaimsSet();
                SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(parsed.getHeader().getKeyID()).type(JOSEObjectType.JWT).build(), claims);
                forged.sign(new MACSigner(publicKey));
                return forged.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void assertNoLeak(Response response, String what) {
            String body = response.body();
            // a problem's "instance" is the path of the caller's own request, which names what the caller named
            if (response.json() != null && response.json().isObject() && response.json().has("instance")) {
                tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) response.json().deepCopy();
                copy.remove("instance");
                body = copy.toString();
            }
            for (String value : firstTenantValues) {
                assertThat(body).as(what + " leaks " + value).doesNotContain(value);
            }
        }
    }
}
