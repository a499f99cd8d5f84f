package dev.verity.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.verity.testing.VerityHarness;

/**
 * Oversized and malformed requests are the caller's problem, not the server's: each is answered with a 4xx in its
 * dialect and costs at most one WARN line in the log — no ERROR, no stack trace, and nothing of the body (which
 * may carry a client secret), so nobody can flood the log or fish secrets into it with bad requests. Every request
 * below carries a marker in its body, and the console output written while it was served is checked.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedRequestLoggingTest extends VerityHarness {

    private static final String MARKER = "probe-marker-" + UUID.randomUUID();
    private static final byte[] PADDING = ("\"" + MARKER + "x".repeat(100 * 1024) + "\"").getBytes(StandardCharsets.UTF_8);

    record Refused(String method, String path, String contentType, byte[] body, boolean chunked, boolean token) {
        @Override
        public String toString() {
            return method + " " + path + " " + contentType + " (" + body.length + " bytes" + (chunked ? ", chunked" : "")
                    + (token ? ", token" : "") + ")";
        }
    }

    @Test
    void oversizedAndMalformedRequestsLogNoStackTraceNoErrorAndNoBody(CapturedOutput output) {
        List<Refused> requests = new ArrayList<>();
        for (boolean chunked : new boolean[] {false, true}) {
            for (boolean token : new boolean[] {false, true}) {
                requests.add(new Refused("POST", "/v1/users", "application/json", bigJson(), chunked, token));
                requests.add(new Refused("POST", "/v1/verification/otp/email/send", "application/json", bigJson(), chunked,
                        token));
                requests.add(new Refused("POST", "/v2/app-registrations", "application/json", bigJson(), chunked, token));
                requests.add(new Refused("PATCH", "/admin/api/applications/demo", "application/json", bigJson(), chunked,
                        token));
                requests.add(new Refused("POST", "/oidc/token", "application/x-www-form-urlencoded", bigForm(), chunked,
                        token));
                // a form where JSON is expected: Spring asks Tomcat for the form parameters before it refuses the type
                requests.add(new Refused("POST", "/v1/users", "application/x-www-form-urlencoded", bigForm(), chunked, token));
                requests.add(new Refused("PATCH", "/admin/api/applications/demo", "application/x-www-form-urlencoded",
                        bigForm(), chunked, token));
            }
        }
        for (boolean token : new boolean[] {false, true}) {
            byte[] brokenJson = ("{\"email\":\"" + MARKER + "@example.com\",,]").getBytes(StandardCharsets.UTF_8);
            requests.add(new Refused("POST", "/v1/users", "application/json", brokenJson, false, token));
            requests.add(new Refused("POST", "/v1/verification/otp/email/validate", "application/json", brokenJson, false,
                    token));
            requests.add(new Refused("POST", "/v2/app-registrations", "application/json", brokenJson, false, token));
            requests.add(new Refused("PATCH", "/admin/api/applications/demo", "application/json", brokenJson, false, token));
            requests.add(new Refused("POST", "/oidc/token", "application/x-www-form-urlencoded",
                    ("grant_type=client_credentials&client_id=demo-backend&client_secret=" + MARKER + "%zz%")
                            .getBytes(StandardCharsets.UTF_8), false, token));
            requests.add(new Refused("POST", "/oidc/token", "application/x-www-form-urlencoded",
                    ("grant_type=client_credentials&client_secret=" + MARKER + "%C3%28")
                            .getBytes(StandardCharsets.UTF_8), false, token));
            requests.add(new Refused("POST", "/oidc/token", "application/x-www-form-urlencoded", tooManyParameters(),
                    false, token));
            requests.add(new Refused("POST", "/v1/users", "application/x-www-form-urlencoded", tooManyParameters(), false,
                    token));
            // a parameter name Spring Security's firewall refuses, found when someone first asks for the parameters
            byte[] refusedName = ("grant_type=client_credentials&client_secret=" + MARKER + "&bad%01name=1")
                    .getBytes(StandardCharsets.UTF_8);
            requests.add(new Refused("POST", "/oidc/token", "application/x-www-form-urlencoded", refusedName, false, token));
            requests.add(new Refused("POST", "/v1/verification/otp/sms/validate", "application/x-www-form-urlencoded",
                    refusedName, false, token));
            requests.add(new Refused("POST", "/v2/app-registrations", "application/x-www-form-urlencoded", refusedName,
                    false, token));
            requests.add(new Refused("PATCH", "/admin/api/applications/demo", "application/x-www-form-urlencoded",
                    refusedName, false, token));
            // a PUT or PATCH form with a broken escape: Spring decodes such forms in a filter, before any controller
            byte[] brokenForm = ("status=" + MARKER + "%em&x=1").getBytes(StandardCharsets.UTF_8);
            requests.add(new Refused("PUT", "/v2/app-registrations/" + UUID.randomUUID() + "/sync",
                    "application/x-www-form-urlencoded", brokenForm, false, token));
            requests.add(new Refused("PATCH", "/admin/api/applications/demo", "application/x-www-form-urlencoded",
                    brokenForm, false, token));
            requests.add(new Refused("PUT", "/v2/phone-validations", "application/x-www-form-urlencoded", brokenForm,
                    false, token));
            requests.add(new Refused("POST", "/oidc/token", "application/json",
                    ("{\"client_secret\":\"" + MARKER + "\"}").getBytes(StandardCharsets.UTF_8), false, token));
        }
        String clientToken = clientToken();

        for (Refused refused : requests) {
            int before = output.getOut().length() + output.getErr().length();
            String logBefore = output.getAll();
            Response response = send(refused, clientToken);
            String written = output.getAll().substring(Math.min(logBefore.length(), before));

            Dialect.of(refused.path()).assertClientError(response, refused.toString());
            assertThat(written).as(refused + " logged").doesNotContain(MARKER);
            assertThat(written.lines().filter(line -> line.contains(" ERROR ")).toList()).as(refused + " logged").isEmpty();
            assertThat(written.lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")
                    || line.matches("^[\\w.$]+(Exception|Error)(: .*)?$")).toList()).as(refused + " logged").isEmpty();
            assertThat(written.lines().filter(line -> line.contains(" WARN ")).count()).as(refused + " logged: " + written)
                    .isLessThanOrEqualTo(1);
        }
        assertThat(output.getAll()).doesNotContain(MARKER);
    }

    private Response send(Refused refused, String clientToken) {
        HttpRequest.BodyPublisher body = refused.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(refused.body()))
                : HttpRequest.BodyPublishers.ofByteArray(refused.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(refused.path())).timeout(Duration.ofSeconds(20))
                .header("Content-Type", refused.contentType())
                .method(refused.method(), body);
        if (refused.token()) {
            request.header("Authorization", "Bearer " + clientToken);
        }
        return send(request.build());
    }

    private static byte[] bigJson() {
        byte[] start = "{\"email\":".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[start.length + PADDING.length + 1];
        System.arraycopy(start, 0, out, 0, start.length);
        System.arraycopy(PADDING, 0, out, start.length, PADDING.length);
        out[out.length - 1] = '}';
        return out;
    }

    private static byte[] bigForm() {
        return ("grant_type=client_credentials&client_secret=" + MARKER + "&padding=" + "x".repeat(100 * 1024))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tooManyParameters() {
        return (IntStream.range(0, 1500).mapToObj(i -> "p" + i + "=" + i).collect(Collectors.joining("&"))
                + "&client_secret=" + MARKER).getBytes(StandardCharsets.UTF_8);
    }
}
