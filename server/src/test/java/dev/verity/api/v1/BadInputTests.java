package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

import tools.jackson.databind.JsonNode;

/**
 * What a careless or hostile caller can throw at the v1 endpoints (SECURITY.md rules 19 and 20): malformed
 * JSON, wrong types, missing fields, control characters, CRLF and Unicode look-alikes in addresses, over-long
 * addresses, huge bodies, a wrong Content-Type, and hostile {@code email_content}. Every answer is a 4xx in
 * Transmit's error shape — {@code error_code} equal to the HTTP status and a {@code message}, an array of
 * field problems for a 400 on the body — never a 5xx, never a stack trace or a Java class name.
 */
@BothDatabases
class BadInputTests extends VerityHarness {

    static final String SEND = "/v1/verification/otp/email/send";
    static final String VALIDATE = "/v1/verification/otp/email/validate";
    static final String USERS = "/v1/users";

    /** A 1×1 transparent PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)exception|\\bat [\\w$.]+\\(|java\\.|jakarta\\.|javax\\.|org\\.springframework|tools\\.jackson"
                    + "|com\\.fasterxml|org\\.apache|dev\\.verity|stack ?trace|\"trace\"|\"path\"|\"timestamp\"");

    private String userToken;
    private String clientToken;

    @BeforeEach
    void tokens() {
        clientToken = clientToken();
        userToken = userToken(createUser(uniqueEmail("bad-input")));
    }

    // ---------------------------------------------------------------- malformed and empty bodies

    static Stream<Arguments> malformedBodies() {
        List<Arguments> cases = new ArrayList<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty body", "");
        bodies.put("whitespace only", "  \r\n ");
        bodies.put("JSON null", "null");
        bodies.put("truncated object", "{\"email\":");
        bodies.put("unterminated string", "{\"email\":\"someone@example.com");
        bodies.put("not JSON at all", "email=someone@example.com");
        bodies.put("single quotes", "{'email':'someone@example.com'}");
        bodies.put("trailing comma", "{\"email\":\"someone@example.com\",}");
        bodies.put("top-level array", "[{\"email\":\"someone@example.com\"}]");
        bodies.put("top-level string", "\"someone@example.com\"");
        bodies.put("top-level number", "42");
        bodies.put("raw CRLF inside a string", "{\"email\":\"someone@example.com\r\nBcc: attacker@evil.example\"}");
        bodies.put("deeply nested unknown field", "{\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
        bodies.put("number with 5000 digits", "{\"email\":\"someone@example.com\",\"passcode\":" + "9".repeat(5_000) + "}");
        for (String path : List.of(SEND, VALIDATE, USERS)) {
            bodies.forEach((name, body) -> cases.add(Arguments.of(path, name, body)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedBodies")
    void malformedBodyIsA400WithProblemList(String path, String name, String body) {
        Response response = postJson(path, tokenFor(path), body);

        assertBodyProblems(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SEND, VALIDATE, USERS})
    void bodyThatIsNotUtf8IsA400(String path) {
        byte[] prefix = "{\"email\":\"caf".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "@example.com\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a UTF-8 lead byte followed by an ASCII byte: invalid
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

        Response response = post(path, tokenFor(path), "application/json", HttpRequest.BodyPublishers.ofByteArray(body));

        assertBodyProblems(response);
    }

    // ---------------------------------------------------------------- missing fields

    @Test
    void sendWithoutEmailNamesTheMissingField() {
        assertThat(assertBodyProblems(postJson(SEND, userToken, "{}"))).anyMatch(m -> m.contains("email"));
        assertThat(assertBodyProblems(postJson(SEND, userToken, "{\"email\":null}"))).anyMatch(m -> m.contains("email"));
        assertThat(assertBodyProblems(postJson(SEND, userToken, "{\"email\":\"   \"}"))).anyMatch(m -> m.contains("email"));
    }

    @Test
    void validateWithoutFieldsNamesEachMissingField() {
        List<String> problems = assertBodyProblems(postJson(VALIDATE, userToken, "{}"));
        assertThat(problems).anyMatch(m -> m.contains("email")).anyMatch(m -> m.contains("passcode"));

        problems = assertBodyProblems(postJson(VALIDATE, userToken, json(Map.of("email", uniqueEmail("nopass")))));
        assertThat(problems).anyMatch(m -> m.contains("passcode")).noneMatch(m -> m.contains("email"));

        problems = assertBodyProblems(postJson(VALIDATE, userToken, "{\"passcode\":\"123456\"}"));
        assertThat(problems).anyMatch(m -> m.contains("email")).noneMatch(m -> m.contains("passcode"));
    }

    @Test
    void createUserWithoutEmailOrPhoneIsA400() {
        assertThat(assertBodyProblems(postJson(USERS, clientToken, "{}")))
                .anyMatch(m -> m.contains("email") && m.contains("phone_number"));
        assertThat(assertBodyProblems(postJson(USERS, clientToken, "{\"email\":null,\"phone_number\":null}")))
                .anyMatch(m -> m.contains("email") && m.contains("phone_number"));
    }

    // ---------------------------------------------------------------- wrong types

    static Stream<Arguments> wrongTypes() {
        String email = "types@example.com";
        return Stream.of(
                Arguments.of(SEND, "email", "{\"email\":123}"),
                Arguments.of(SEND, "email", "{\"email\":true}"),
                Arguments.of(SEND, "email", "{\"email\":1.5}"),
                Arguments.of(SEND, "email", "{\"email\":[\"" + email + "\"]}"),
                Arguments.of(SEND, "email", "{\"email\":{\"value\":\"" + email + "\"}}"),
                Arguments.of(SEND, "email_content", "{\"email\":\"" + email + "\",\"email_content\":\"Hello\"}"),
                Arguments.of(SEND, "email_content", "{\"email\":\"" + email + "\",\"email_content\":[{\"subject\":\"Hi\"}]}"),
                Arguments.of(SEND, "subject", "{\"email\":\"" + email + "\",\"email_content\":{\"subject\":{\"text\":\"Hi\"}}}"),
                Arguments.of(SEND, "subject", "{\"email\":\"" + email + "\",\"email_content\":{\"subject\":[\"Hi\"]}}"),
                Arguments.of(SEND, "primaryColor", "{\"email\":\"" + email + "\",\"email_content\":{\"subject\":\"Hi\",\"primaryColor\":123456}}"),
                Arguments.of(SEND, "base64logo", "{\"email\":\"" + email + "\",\"email_content\":{\"subject\":\"Hi\",\"base64logo\":{\"png\":true}}}"),
                Arguments.of(VALIDATE, "passcode", "{\"email\":\"" + email + "\",\"passcode\":123456}"),
                Arguments.of(VALIDATE, "passcode", "{\"email\":\"" + email + "\",\"passcode\":123456.0}"),
                Arguments.of(VALIDATE, "passcode", "{\"email\":\"" + email + "\",\"passcode\":true}"),
                Arguments.of(VALIDATE, "passcode", "{\"email\":\"" + email + "\",\"passcode\":[\"123456\"]}"),
                Arguments.of(VALIDATE, "update_primary", "{\"email\":\"" + email + "\",\"passcode\":\"123456\",\"update_primary\":\"true\"}"),
                Arguments.of(VALIDATE, "update_primary", "{\"email\":\"" + email + "\",\"passcode\":\"123456\",\"update_primary\":1}"),
                Arguments.of(VALIDATE, "update_primary", "{\"email\":\"" + email + "\",\"passcode\":\"123456\",\"update_primary\":{}}"),
                Arguments.of(VALIDATE, "email", "{\"email\":[\"" + email + "\"],\"passcode\":\"123456\"}"),
                Arguments.of(USERS, "email", "{\"email\":42}"),
                Arguments.of(USERS, "email", "{\"email\":[\"" + email + "\"]}"),
                Arguments.of(USERS, "phone_number", "{\"phone_number\":{\"number\":\"+14155550100\"}}"),
                Arguments.of(USERS, "phone_number", "{\"phone_number\":14155550100}"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("wrongTypes")
    void wrongTypeIsA400NamingTheField(String path, String field, String body) {
        List<String> problems = assertBodyProblems(postJson(path, tokenFor(path), body));

        assertThat(problems).as("the problem names the field").anyMatch(m -> m.contains(field));
    }

    // ---------------------------------------------------------------- hostile and malformed addresses

    static Stream<Arguments> badEmails() {
        List<String> emails = List.of(
                "victim@example.com\r\nBcc: attacker@evil.example",
                "victim@example.com\nBcc: attacker@evil.example",
                "vic\r\ntim@example.com",
                "victim@exa\r\nmple.com",
                "\u0000victim@example.com",
                "victim@example.com\u0000",
                "vic\u0007tim@example.com",
                "vic\u007ftim@example.com",
                "vic\ttim@example.com",
                "vic tim@example.com",
                "victim @example.com",
                "victim@ example.com",
                "victim@exam ple.com",
                "victim\u200b@example.com",                 // zero-width space
                "victim@ex\u0430mple.com",                  // Cyrillic а in the domain
                "vi\u0441tim@example.com",                  // Cyrillic с in the local part
                "victim\uff20example.com",                  // full-width commercial at
                "victim@example\uff0ecom",                  // full-width full stop
                "victim@\u212aelvin.example",               // KELVIN SIGN, which lower-cases to an ASCII k
                "victim@b\u00fccher.example",               // IDN not in its xn-- form
                "\"victim\"@example.com",
                "Victim <victim@example.com>",
                "victim@example.com, other@example.com",
                "victim@example.com@evil.example",
                "victim",
                "@example.com",
                "victim@",
                "victim@localhost",
                "victim@example..com",
                "victim@-example.com",
                "victim@127.0.0.1",
                "a".repeat(65) + "@example.com",                                  // local part over 64
                "victim@" + "a".repeat(64) + ".example",                          // label over 63
                "victim@" + "abcdefghij.".repeat(25) + "example",                 // domain over 255
                "a".repeat(64) + "@" + "abcdefghi.".repeat(18) + "example.co");   // 64 + 1 + 190 = 255 > 254
        List<Arguments> cases = new ArrayList<>();
        for (String path : List.of(SEND, VALIDATE, USERS)) {
            for (String email : emails) {
                cases.add(Arguments.of(path, printable(email), email));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badEmails")
    void malformedOrLookAlikeEmailIsA400NamingEmail(String path, String printable, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        if (path.equals(VALIDATE)) {
            body.put("passcode", "123456");
        }

        List<String> problems = assertBodyProblems(postJson(path, tokenFor(path), json(body)));

        assertThat(problems).anyMatch(m -> m.contains("email"));
    }

    @Test
    void emailAtTheRfcLimitsIsAccepted() {
        // 64-character local part, 254 characters in all: the strict parser must not refuse what RFC 5321 allows
        String local = ("limit-" + java.util.UUID.randomUUID().toString().replace("-", "")).repeat(2).substring(0, 64);
        String domain = "abcdefghi.".repeat(18) + "example.c";
        String email = local + "@" + domain;
        assertThat(email).hasSize(254);

        Response response = postJson(USERS, clientToken, json(Map.of("email", email)));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().at("/result/email/value").asString()).isEqualTo(email);
    }

    // ---------------------------------------------------------------- body size

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SEND, VALIDATE, USERS})
    void oneMegabyteBodyIsA413(String path) {
        Response response = postJson(path, tokenFor(path), megabyteBody());

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"message\":\"Request body is too large\",\"error_code\":413}");
    }

    @Test
    void oneMegabyteChunkedBodyWithoutContentLengthIsA413() {
        byte[] body = megabyteBody().getBytes(StandardCharsets.UTF_8);
        Response response = post(SEND, userToken, "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"message\":\"Request body is too large\",\"error_code\":413}");
    }

    @Test
    void oneMegabyteBodyWithoutTokenIsA413NotA401() {
        Response response = postJson(SEND, null, megabyteBody());

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"message\":\"Request body is too large\",\"error_code\":413}");
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() {
        String email = uniqueEmail("padded");
        String body = "{\"email\":\"" + email + "\",\"padding\":\"" + "x".repeat(60 * 1024) + "\"}";
        assertThat(body.length()).isLessThan(64 * 1024);

        Response response = postJson(SEND, userToken, body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- content type

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x"})
    void wrongContentTypeIsA415(String contentType) {
        for (String path : List.of(SEND, VALIDATE, USERS)) {
            Response response = post(path, tokenFor(path), contentType,
                    HttpRequest.BodyPublishers.ofString(json(Map.of("email", uniqueEmail("ctype"), "passcode", "123456"))));

            assertTransmitError(response, 415);
            assertThat(response.json().get("message").isString()).isTrue();
        }
    }

    @Test
    void missingContentTypeIsA415() {
        Response response = send(HttpRequest.newBuilder(uri(SEND))
                .header("Authorization", "Bearer " + userToken)
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("email", uniqueEmail("noctype")))))
                .build());

        assertTransmitError(response, 415);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json; charset=no-such-charset", "application/json; charset=\"", "not a media type",
            "application/", "application/json; charset=utf-8; boundary=\"", "application/json;;;==;"})
    void garbledContentTypeIsA4xxNotA5xx(String contentType) {
        Response response = post(SEND, userToken, contentType,
                HttpRequest.BodyPublishers.ofString(json(Map.of("email", uniqueEmail("garbled")))));

        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertTransmitError(response, response.status());
    }

    // ---------------------------------------------------------------- email_content

    static Stream<Arguments> badEmailContent() {
        String notAnImage = Base64.getEncoder().encodeToString(
                "This is a text file, not an image. It is long enough to look like one.".getBytes(StandardCharsets.UTF_8));
        String html = Base64.getEncoder().encodeToString("<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        String svg = Base64.getEncoder().encodeToString(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8));
        String tooLong = "data:image/png;base64," + PNG + "A".repeat(20_000);
        return Stream.of(
                Arguments.of("primaryColor", Map.of("subject", "Hi", "primaryColor", "red")),
                Arguments.of("primaryColor", Map.of("subject", "Hi", "primaryColor", "#12345")),
                Arguments.of("primaryColor", Map.of("subject", "Hi", "primaryColor", "#1234567")),
                Arguments.of("primaryColor", Map.of("subject", "Hi", "primaryColor", "#ggg")),
                Arguments.of("primaryColor", Map.of("subject", "Hi", "primaryColor", "123456")),
                Arguments.of("primaryColor", Map.of("subject", "Hi", "primaryColor", "#fff;background:url(https://evil.example/t.png)")),
                Arguments.of("primaryColor", Map.of("subject", "Hi", "primaryColor", "#fff\"><script>alert(1)</script>")),
                Arguments.of("base64logo", Map.of("subject", "Hi", "base64logo", notAnImage)),
                Arguments.of("base64logo", Map.of("subject", "Hi", "base64logo", "data:image/png;base64," + notAnImage)),
                Arguments.of("base64logo", Map.of("subject", "Hi", "base64logo", "data:text/html;base64," + html)),
                Arguments.of("base64logo", Map.of("subject", "Hi", "base64logo", "data:image/svg+xml;base64," + svg)),
                Arguments.of("base64logo", Map.of("subject", "Hi", "base64logo", "!!! not base64 !!!")),
                Arguments.of("base64logo", Map.of("subject", "Hi", "base64logo", "")),
                Arguments.of("base64logo", Map.of("subject", "Hi", "base64logo", "https://evil.example/logo.png")),
                Arguments.of("base64logo", Map.of("subject", "Hi", "base64logo", tooLong)),
                Arguments.of("subject", Map.of("subject", "Your code\r\nBcc: attacker@evil.example")),
                Arguments.of("subject", Map.of("subject", "Your code\nX-Injected: yes")),
                Arguments.of("subject", Map.of("subject", "Your code\u0000")),
                Arguments.of("subject", Map.of("subject", "x".repeat(201))),
                Arguments.of("subject", Map.of("headerText", "A subject is required when email_content is given")),
                Arguments.of("senderName", Map.of("subject", "Hi", "senderName", "Acme\r\nBcc: attacker@evil.example")),
                Arguments.of("senderName", Map.of("subject", "Hi", "senderName", "Acme\" <attacker@evil.example>\r\n")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badEmailContent")
    void badEmailContentIsA400NamingTheField(String field, Map<String, String> content) {
        String body = json(Map.of("email", uniqueEmail("content"), "email_content", content));

        List<String> problems = assertBodyProblems(postJson(SEND, userToken, body));

        assertThat(problems).anyMatch(m -> m.contains(field));
    }

    @Test
    void wellFormedEmailContentWithPngLogoIsAccepted() {
        // the positive control for the cases above: a real PNG, a hex colour and plain texts pass
        String email = uniqueEmail("content-ok");
        Map<String, String> content = Map.of("subject", "Your Acme code", "primaryColor", "#1A2b3C",
                "base64logo", "data:image/png;base64," + PNG, "headerText", "Hello\nthere", "senderName", "Acme");

        Response response = postJson(SEND, userToken, json(Map.of("email", email, "email_content", content)));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(awaitCode(email, 1)).isNotBlank();
    }

    // ---------------------------------------------------------------- order of checks: body (400) before token (401)

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SEND, VALIDATE, USERS})
    void malformedBodyWithoutTokenIsA400NotA401(String path) {
        assertBodyProblems(postJson(path, null, "{\"email\":"));
        assertBodyProblems(postJson(path, null, "{\"email\":123}"));
        assertBodyProblems(postJson(path, "not-a-token", "{\"email\":\"not an address\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SEND, VALIDATE, USERS})
    void wellFormedBodyWithoutTokenIsA401(String path) {
        Response response = postJson(path, null,
                json(Map.of("email", uniqueEmail("notoken"), "passcode", "123456")));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Invalid token\",\"error_code\":401}");
    }

    // ---------------------------------------------------------------- helpers

    private String tokenFor(String path) {
        return path.equals(USERS) ? clientToken : userToken;
    }

    private Response post(String path, String token, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType).POST(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static String megabyteBody() {
        return "{\"email\":\"big@example.com\",\"passcode\":\"123456\",\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 37) + "…(" + s.length() + ")" : s;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f || (c > 0x7e && c < 0xa0) || c > 0xff
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    /** A 400 answering a problem with the body: {@code message} is a non-empty array of strings. */
    static List<String> assertBodyProblems(Response response) {
        assertTransmitError(response, 400);
        JsonNode message = response.json().get("message");
        assertThat(message.isArray()).as("message is an array of field problems: %s", response.body()).isTrue();
        assertThat(message.size()).as(response.body()).isPositive();
        assertThat(message.valueStream().allMatch(JsonNode::isString)).as(response.body()).isTrue();
        assertThat(response.json().has("error_type")).as(response.body()).isFalse();
        return message.valueStream().map(JsonNode::asString).toList();
    }

    /** Transmit's error shape with {@code error_code} equal to the status, and nothing from inside the server. */
    static void assertTransmitError(Response response, int status) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("Content-Type").startsWith("application/json");
        assertThat(response.json()).as("a JSON body: %s", response.body()).isNotNull();
        assertThat(response.json().isObject()).as(response.body()).isTrue();
        assertThat(response.json().propertyNames()).as(response.body())
                .contains("message", "error_code")
                .isSubsetOf("message", "error_code", "error_type");
        assertThat(response.json().get("error_code").isIntegralNumber()).as(response.body()).isTrue();
        assertThat(response.json().get("error_code").asInt()).as(response.body()).isEqualTo(status);
        JsonNode message = response.json().get("message");
        assertThat(message.isString() || message.isArray()).as(response.body()).isTrue();
        assertThat(response.body()).as("no internals in the body").doesNotContainPattern(INTERNALS);
    }
}
