package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.verity.testing.FuzzBodies;
import dev.verity.testing.VerityHarness;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Coverage-guided fuzzing of the v1 email OTP endpoints over real HTTP against a whole running Verity (H2, the
 * test SMTP server, a valid user token): whatever the body, the answer is never a 5xx, and every error is in
 * Transmit's shape with nothing from inside the server (SECURITY.md rule 19).
 *
 * <p>Each input picks, from its last bytes, the endpoint ({@code /send} or {@code /validate}), a Content-Type and
 * one of four body shapes: the remaining bytes as they are; a well-formed JSON object whose {@code email},
 * {@code passcode}, {@code update_primary} and {@code email_content} are of random types; fuzzer text spliced
 * unescaped into a JSON template; or a well-formed object then damaged (truncated, bytes changed). The seed files
 * under {@code src/test/resources/dev/verity/api/v1/RequestBodyFuzzTestInputs/otpEndpointsNeverAnswer5xx/} are
 * raw bodies followed by three selector bytes: shape {@code 00} (raw), Content-Type index, endpoint
 * ({@code 00} send, {@code 01} validate).
 *
 * <p>Jazzer's JUnit integration works with Spring's test context: this is an ordinary
 * {@code @SpringBootTest} (through {@link VerityHarness}), started once and reused for every input. Under
 * {@code ./mvnw test} it runs in regression mode over the seeds; to fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl server test -Dtest=RequestBodyFuzzTest}.
 */
class RequestBodyFuzzTest extends VerityHarness {

    static final String SEND = "/v1/verification/otp/email/send";
    static final String VALIDATE = "/v1/verification/otp/email/validate";
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=UTF-8",
            "application/json; charset=ISO-8859-1", "application/json; charset=UTF-16", "application/json; charset=UTF-32");
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    static final List<String> EMAIL_CONTENT_FIELDS = List.of("subject", "primaryColor", "base64logo", "headerText",
            "bodyText", "linkText", "infoText", "footerText", "senderName");
    private static final Set<String> SUCCESS_BODIES = Set.of("{\"message\":\"Email sent successfully\"}", "{\"result\":true}");
    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)exception|\\bat [\\w$.]+\\(|java\\.|jakarta\\.|org\\.springframework|tools\\.jackson|com\\.fasterxml"
                    + "|org\\.apache|dev\\.verity|stack ?trace");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static volatile String token;
    private static volatile int tokenPort;

    @FuzzTest(maxDuration = "30s")
    void otpEndpointsNeverAnswer5xx(FuzzedDataProvider data) {
        // Jazzer's SSRF detector refuses every connection unless allowed: this test talks to its own server, and the
        // server to the test SMTP server, all on loopback. Set here, not in a static block: the detector is only
        // loaded once Jazzer's agent is, which happens after the test class is initialised. Never closed on purpose:
        // the server's mail dispatcher connects from its own threads, between executions.
        BugDetectors.allowNetworkConnections((host, port) -> isLoopback(host));
        String path = data.consumeBoolean() ? VALIDATE : SEND;
        String contentType = CONTENT_TYPES.get(data.consumeInt(0, CONTENT_TYPES.size() - 1));
        byte[] body = switch (data.consumeInt(0, 3)) {
            case 0 -> data.consumeRemainingAsBytes();
            case 1 -> bytes(plausibleBody(data, path));
            case 2 -> template(data, path).getBytes(StandardCharsets.UTF_8);
            default -> FuzzBodies.damaged(bytes(plausibleBody(data, path)), data);
        };

        Response response = send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

        String what = path + " " + contentType + " " + new String(body, StandardCharsets.UTF_8) + " -> " + response.body();
        assertThat(response.status()).as(what).isLessThan(500);
        if (response.status() < 300) {
            assertThat(response.body()).as(what).isIn(SUCCESS_BODIES);
            return;
        }
        JsonNode json = response.json();
        assertThat(json).as(what).isNotNull();
        assertThat(json.isObject()).as(what).isTrue();
        assertThat(json.path("error_code").asInt(-1)).as(what).isEqualTo(response.status());
        assertThat(json.path("message").isString() || json.path("message").isArray()).as(what).isTrue();
        assertThat(response.body()).as(what).doesNotContainPattern(INTERNALS);
    }

    /** One user and token per running server, reused by every input. */
    private String token() {
        if (token == null || tokenPort != port) {
            synchronized (RequestBodyFuzzTest.class) {
                if (token == null || tokenPort != port) {
                    token = userToken(createUser(uniqueEmail("fuzz-owner")));
                    tokenPort = port;
                }
            }
        }
        return token;
    }

    // ---------------------------------------------------------------- body generators

    private static ObjectNode plausibleBody(FuzzedDataProvider data, String path) {
        ObjectNode body = NODES.objectNode();
        if (data.consumeProbabilityFloat() < 0.9f) {
            body.set("email", value(data, Kind.EMAIL, 0));
        }
        if (path.equals(VALIDATE) ? data.consumeProbabilityFloat() < 0.9f : data.consumeBoolean()) {
            body.set("passcode", value(data, Kind.PASSCODE, 0));
        }
        if (data.consumeBoolean()) {
            body.set("update_primary", value(data, Kind.BOOLEAN, 0));
        }
        if (path.equals(SEND) ? data.consumeBoolean() : data.consumeProbabilityFloat() < 0.1f) {
            body.set("email_content", value(data, Kind.EMAIL_CONTENT, 0));
        }
        if (data.consumeProbabilityFloat() < 0.2f) {
            body.set(data.consumeString(16), value(data, Kind.ANY, 0));
        }
        return body;
    }

    private enum Kind { EMAIL, PASSCODE, BOOLEAN, EMAIL_CONTENT, COLOR, LOGO, TEXT, ANY }

    /** Most of the time a value of the field's own type (so that requests get past binding), otherwise anything. */
    private static JsonNode value(FuzzedDataProvider data, Kind kind, int depth) {
        if (kind != Kind.ANY && data.consumeProbabilityFloat() < 0.7f) {
            return natural(data, kind, depth);
        }
        return switch (data.consumeInt(0, depth >= 3 ? 6 : 8)) {
            case 0 -> NODES.stringNode(data.consumeString(80));
            case 1 -> NODES.numberNode(data.consumeLong());
            case 2 -> NODES.numberNode(data.consumeDouble());
            case 3 -> NODES.booleanNode(data.consumeBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.numberNode(new BigInteger(1, data.consumeBytes(64)));
            case 6 -> NODES.stringNode(data.consumeAsciiString(40));
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    array.add(value(data, Kind.ANY, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    object.set(data.consumeString(12), value(data, Kind.ANY, depth + 1));
                }
                yield object;
            }
        };
    }

    private static JsonNode natural(FuzzedDataProvider data, Kind kind, int depth) {
        return switch (kind) {
            case EMAIL -> NODES.stringNode(switch (data.consumeInt(0, 3)) {
                case 0 -> "fuzz-" + data.consumeInt(0, 999) + "@example.com";
                case 1 -> data.consumeAsciiString(64) + "@" + data.consumeAsciiString(64);
                case 2 -> "fuzz-" + data.consumeInt(0, 999) + "@" + data.consumeString(40) + ".example.com";
                default -> data.consumeString(120);
            });
            case PASSCODE -> NODES.stringNode(data.consumeBoolean()
                    ? String.format("%06d", data.consumeInt(0, 999_999))
                    : data.consumeString(24));
            case BOOLEAN -> NODES.booleanNode(data.consumeBoolean());
            case EMAIL_CONTENT -> {
                ObjectNode content = NODES.objectNode();
                for (String field : EMAIL_CONTENT_FIELDS) {
                    if (field.equals("subject") ? data.consumeProbabilityFloat() < 0.9f : data.consumeBoolean()) {
                        Kind fieldKind = switch (field) {
                            case "primaryColor" -> Kind.COLOR;
                            case "base64logo" -> Kind.LOGO;
                            default -> Kind.TEXT;
                        };
                        content.set(field, value(data, fieldKind, depth + 1));
                    }
                }
                yield content;
            }
            case COLOR -> NODES.stringNode(data.consumeBoolean()
                    ? String.format("#%06x", data.consumeInt(0, 0xffffff))
                    : "#" + data.consumeAsciiString(7));
            case LOGO -> NODES.stringNode(switch (data.consumeInt(0, 3)) {
                case 0 -> "data:image/png;base64," + PNG;
                case 1 -> "data:" + data.consumeAsciiString(24) + ";base64," + java.util.Base64.getEncoder()
                        .encodeToString(data.consumeBytes(300));
                case 2 -> java.util.Base64.getEncoder().encodeToString(data.consumeBytes(300));
                default -> data.consumeString(200);
            });
            case TEXT -> NODES.stringNode(data.consumeString(300));
            case ANY -> value(data, Kind.ANY, depth);
        };
    }

    /** Fuzzer text spliced, unescaped, into a body of the right layout: quotes, backslashes and controls break out. */
    private static String template(FuzzedDataProvider data, String path) {
        String email = data.consumeString(80);
        if (path.equals(VALIDATE)) {
            String passcode = data.consumeString(20);
            return "{\"email\":\"" + email + "\",\"passcode\":\"" + passcode + "\",\"update_primary\":"
                    + data.consumeRemainingAsString() + "}";
        }
        String subject = data.consumeString(80);
        String color = data.consumeString(10);
        return "{\"email\":\"" + email + "\",\"email_content\":{\"subject\":\"" + subject + "\",\"primaryColor\":\""
                + color + "\",\"base64logo\":\"" + data.consumeRemainingAsString() + "\"}}";
    }

    private static byte[] bytes(JsonNode node) {
        // via a Java string: unpaired surrogates from the fuzzer become '?' instead of failing the generator
        return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }
}
