package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README stays true: every set-up file it shows starts Verity, and the step-by-step file serves the
 * README's own examples (v1 email OTP with the code read from the dev inbox, a magic link to the declared
 * redirect URI, a v2 registration on the declared public flow).
 */
class ReadmeSetupFilesTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final String DEMO_SECRET = "demo-secret-at-least-16-chars";
    private static final String[] ENVIRONMENT = {"--ADMIN_PASSWORD=change-me-please", "--DEMO_SECRET=" + DEMO_SECRET,
            "--WEBHOOK_SECRET=whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    static List<String> setupFiles() throws Exception {
        List<String> files = new ArrayList<>();
        Matcher matcher = YAML_BLOCK.matcher(Files.readString(README));
        while (matcher.find()) {
            if (matcher.group(1).lines().anyMatch(line -> line.startsWith("applications:"))) {
                files.add(matcher.group(1));
            }
        }
        return files;
    }

    @Test
    void readmeShowsTheStepByStepFileAndTheReferenceFile() throws Exception {
        assertThat(setupFiles()).hasSizeGreaterThanOrEqualTo(2);
    }

    @TestFactory
    List<DynamicTest> everySetUpFileInTheReadmeStartsVerity() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> files = setupFiles();
        for (int i = 0; i < files.size(); i++) {
            String yaml = files.get(i);
            tests.add(DynamicTest.dynamicTest("set-up file " + (i + 1) + " of the README", () -> {
                Path file = Files.writeString(dir.resolve("readme-" + System.nanoTime() + ".yml"), yaml);
                try (ConfigurableApplicationContext context = SetupFileStartTest.start(file, ENVIRONMENT)) {
                    TenancyService tenancy = context.getBean(TenancyService.class);
                    Application demo = tenancy.application("demo").orElseThrow();
                    assertThat(demo.redirectUris()).contains("https://app.example.com/verified");
                    assertThat(tenancy.flow("demo", "onboarding")).hasValueSatisfying(flow -> {
                        assertThat(flow.isPublic()).isTrue();
                        assertThat(flow.needsEmail()).isTrue();
                    });
                    assertThat(tenancy.authenticate("demo-backend", DEMO_SECRET)).isPresent();
                }
            }));
        }
        return tests;
    }

    @Test
    void stepByStepFileServesTheReadmeExamples() throws Exception {
        Path file = Files.writeString(dir.resolve("verity.yml"), setupFiles().get(0));
        try (ConfigurableApplicationContext context = SetupFileStartTest.start(file, ENVIRONMENT)) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            String clientToken = token(base, "grant_type=client_credentials");
            JsonNode user = post(base + "/v1/users", clientToken, "{\"email\":\"alice@example.com\"}", 201);
            String userToken = token(base, "grant_type=urn:ietf:params:oauth:grant-type:token-exchange"
                    + "&requested_subject=" + user.get("result").get("user_id").asString());

            post(base + "/v1/verification/otp/email/send", userToken, "{\"email\":\"alice@example.com\"}", 200);
            String code = codeFromDevInbox(base, clientToken);
            assertThat(post(base + "/v1/verification/otp/email/validate", userToken,
                    "{\"email\":\"alice@example.com\",\"passcode\":\"" + code + "\"}", 200).get("result").asBoolean())
                    .isTrue();

            post(base + "/v1/verification/links/email", userToken,
                    "{\"email\":\"alice.work@example.com\",\"redirect_uri\":\"https://app.example.com/verified\"}", 200);

            JsonNode registration = post(base + "/v2/app-registrations", null, "{\"project\":\"demo\","
                    + "\"projectFlow\":\"onboarding\",\"email\":\"ada@example.com\",\"fullName\":\"Ada Lovelace\"}", 200);
            String registrationToken = registration.get("data").get("token").asString();
            JsonNode validation = post(base + "/v2/email-validations/app-registration", registrationToken,
                    "{\"project\":\"demo\",\"validationMethod\":\"verificationCode\",\"email\":\"ada@example.com\","
                            + "\"type\":\"onboarding\"}", 200);
            String otp = codeFromDevInbox(base, clientToken);
            HttpResponse<String> validated = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/email-validations/"
                            + validation.get("data").get("_id").asString()))
                    .header("Authorization", "Bearer " + registrationToken).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"ada@example.com\",\"otp\":\"" + otp + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
            assertThat(JSON.readTree(validated.body()).get("data").get("status").asString()).isEqualTo("validated");
        }
    }

    /** As the README does it: the newest dev-inbox message, its line of six digits. */
    private String codeFromDevInbox(String base, String clientToken) throws Exception {
        Pattern sixDigits = Pattern.compile("\\b[0-9]{6}\\b");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> inbox = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/api/dev-inbox"))
                    .header("Authorization", "Bearer " + clientToken).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode messages = JSON.readTree(inbox.body());
            if (messages.size() > 0 && !messages.get(0).get("messageId").asString().equals(seen)) {
                Matcher code = sixDigits.matcher(messages.get(0).get("text").asString());
                if (code.find()) {
                    return code.group();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no code arrived in the dev inbox");
    }

    private String token(String base, String form) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("demo-backend:" + DEMO_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/oidc/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private JsonNode post(String url, String bearer, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }
}
