package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import dev.verity.VerityApplication;
import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The declarative set-up file (API.md, "Declarative set-up and configuration"): applied at every start,
 * creates or updates by id, deletes nothing, refuses typos and weak client secrets, resolves
 * {@code ${NAME:default}} placeholders, and stores client secrets only as keyed hashes (SECURITY.md rule 4).
 */
@TestPropertySource(properties = {
        "verity-test.app-name=Named By Property",
        "verity-test.client-secret=secret-from-a-property-0123456789"})
@BothDatabases
class SetupFileTests extends VerityHarness {

    static final Path TEST_SETUP = Path.of("src/test/resources/test-setup.yml");
    private static final String ADMIN_PASSWORD_PLACEHOLDER = "${TEST_ADMIN_PASSWORD:correct-horse-battery-staple}";

    @Autowired
    TenancyService tenancy;

    @Autowired
    SetupImporter importer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @TempDir
    Path dir;

    @Test
    void startWhenTestSetUpFileConfiguredThenItWasApplied() {
        assertThat(clientToken()).isNotBlank();
        assertThat(clientToken(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET)).isNotBlank();

        Application demo = tenancy.application("demo").orElseThrow();
        assertThat(demo.tenantId()).isEqualTo("acme");
        assertThat(demo.name()).isEqualTo("Demo App");
        assertThat(demo.otp()).isEqualTo(new OtpPolicy(6, Duration.ofMinutes(10), 5));
        assertThat(demo.languages()).containsExactly("en", "es");
        assertThat(demo.redirectUris()).containsExactly("https://app.example.com/verified");

        Application other = tenancy.application("other").orElseThrow();
        assertThat(other.tenantId()).isEqualTo("acme");
        assertThat(other.name()).isEqualTo("Other App");
        assertThat(other.languages()).containsExactly("es");
        assertThat(other.otp()).isEqualTo(OtpPolicy.DEFAULT);
        assertThat(other.redirectUris()).isEmpty();

        Client backend = tenancy.client(CLIENT_ID).orElseThrow();
        assertThat(backend.tenantId()).isEqualTo("acme");
        assertThat(backend.applicationId()).isEqualTo("demo");
        assertThat(backend.isAdmin()).isTrue();
        assertThat(tenancy.client(OTHER_CLIENT_ID).orElseThrow().isAdmin()).isFalse();

        // the admin password comes from ${TEST_ADMIN_PASSWORD:correct-horse-battery-staple}
        String password = environment.getProperty("TEST_ADMIN_PASSWORD", "correct-horse-battery-staple");
        assertThat(tenancy.adminPasswordMatches("acme", "admin", password)).isTrue();
        assertThat(tenancy.adminPasswordMatches("acme", "admin", ADMIN_PASSWORD_PLACEHOLDER)).isFalse();
    }

    @Test
    void applyWhenSameFileAgainThenNothingChangesAndNothingFails() throws IOException {
        Map<String, Object> before = snapshot();

        importer.apply(importer.read(TEST_SETUP));
        importer.apply(importer.read(TEST_SETUP));

        assertThat(snapshot()).isEqualTo(before);
        assertThat(clientToken()).isNotBlank();
        assertThat(clientToken(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET)).isNotBlank();
        String password = environment.getProperty("TEST_ADMIN_PASSWORD", "correct-horse-battery-staple");
        assertThat(tenancy.adminPasswordMatches("acme", "admin", password)).isTrue();
    }

    @Test
    void applyWhenFileRenamesApplicationThenUpdatedInPlaceAndNothingDeleted() throws IOException {
        Map<String, Long> countsBefore = rowCounts();
        Path renamed = write("""
                tenant: acme
                applications:
                  - id: demo
                    name: Demo App Renamed
                    otp: {length: 6, ttl: 10m, max_attempts: 5}
                    languages: [en, es]
                """);
        try {
            importer.apply(importer.read(renamed));

            Application demo = tenancy.application("demo").orElseThrow();
            assertThat(demo.name()).isEqualTo("Demo App Renamed");
            assertThat(demo.tenantId()).isEqualTo("acme");
            // not mentioned in the file, so kept
            assertThat(demo.redirectUris()).containsExactly("https://app.example.com/verified");
            assertThat(tenancy.application("other").orElseThrow().name()).isEqualTo("Other App");
            assertThat(tenancy.client(OTHER_CLIENT_ID)).isPresent();
            assertThat(rowCounts()).isEqualTo(countsBefore);

            // the existing client keeps working, and its tokens carry the new name
            String token = clientToken();
            assertThat(claims(token).get("app_name").asString()).isEqualTo("Demo App Renamed");
            assertThat(claims(token).get("app_id").asString()).isEqualTo("demo");
        } finally {
            importer.apply(importer.read(TEST_SETUP));
        }
        assertThat(tenancy.application("demo").orElseThrow().name()).isEqualTo("Demo App");
    }

    @Test
    void readWhenUnknownTopLevelKeyThenIllegalStateNamingTheFile() throws IOException {
        Path typo = write("""
                tenant: acme
                aplications:
                  - id: demo
                    name: Typo App
                """);
        assertThatThrownBy(() -> importer.read(typo))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(typo.toString())
                .hasMessageContaining("aplications");
        assertThat(tenancy.application("demo").orElseThrow().name()).isEqualTo("Demo App");
    }

    @Test
    void readWhenUnknownNestedKeyThenIllegalStateNamingTheFile() throws IOException {
        Path typo = write("""
                tenant: acme
                applications:
                  - id: demo
                    otp: {lenght: 4}
                """);
        assertThatThrownBy(() -> importer.read(typo))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(typo.toString())
                .hasMessageContaining("lenght");
    }

    @Test
    void readWhenPlaceholdersThenResolvedFromPropertiesAndDefaults() throws IOException {
        String appId = "placeholder-" + shortId();
        String clientId = appId + "-backend";
        Path file = write("""
                tenant: acme
                applications:
                  - id: %s
                    name: "${verity-test.app-name}"
                    languages: ["${VERITY_TEST_UNSET_LANGUAGE_7F3A:es}"]
                    redirect_uris: ["${VERITY_TEST_UNSET_REDIRECT_7F3A:https://fallback.example.com/done}"]
                    clients:
                      - {id: %s, secret: "${verity-test.client-secret}"}
                """.formatted(appId, clientId));

        importer.apply(importer.read(file));

        Application app = tenancy.application(appId).orElseThrow();
        assertThat(app.name()).isEqualTo("Named By Property");
        assertThat(app.languages()).containsExactly("es");
        assertThat(app.redirectUris()).containsExactly("https://fallback.example.com/done");
        assertThat(clientToken(clientId, "secret-from-a-property-0123456789")).isNotBlank();
        assertThat(postForm("/oidc/token", clientId, "${verity-test.client-secret}",
                Map.of("grant_type", "client_credentials")).status()).isEqualTo(401);
    }

    @Test
    void readWhenPlaceholderNamesEnvironmentVariableThenResolvedFromEnvironment() throws IOException {
        Map.Entry<String, String> variable = new TreeMap<>(System.getenv()).entrySet().stream()
                .filter(e -> e.getKey().matches("[A-Z][A-Z0-9_]{2,}") && e.getValue().matches("[A-Za-z0-9._/-]{1,150}"))
                .findFirst().orElse(null);
        Assumptions.assumeTrue(variable != null, "no environment variable with a plain value");
        String appId = "env-" + shortId();
        Path file = write("""
                tenant: acme
                applications:
                  - id: %s
                    name: "${%s:not-from-the-environment}"
                """.formatted(appId, variable.getKey()));

        importer.apply(importer.read(file));

        assertThat(tenancy.application(appId).orElseThrow().name()).isEqualTo(variable.getValue());
    }

    @Test
    void readWhenPlaceholderUnresolvableAndNoDefaultThenFailsInsteadOfUsingTheLiteral() throws IOException {
        String appId = "unresolved-" + shortId();
        Path file = write("""
                tenant: acme
                applications:
                  - id: %s
                    clients:
                      - {id: %s-backend, secret: "${VERITY_TEST_UNSET_SECRET_7F3A}"}
                """.formatted(appId, appId));

        assertThatThrownBy(() -> importer.read(file))
                .hasMessageContaining("VERITY_TEST_UNSET_SECRET_7F3A");
        assertThat(tenancy.application(appId)).isEmpty();
        assertThat(tenancy.client(appId + "-backend")).isEmpty();
    }

    @Test
    void applyWhenNewClientSecretShorterThan16ThenRefused() throws IOException {
        String appId = "weak-" + shortId();
        String clientId = appId + "-backend";
        String fifteen = "fifteen-chars-x";
        assertThat(fifteen).hasSize(15);
        Path file = write("""
                tenant: acme
                applications:
                  - id: %s
                    clients:
                      - {id: %s, secret: "%s"}
                """.formatted(appId, clientId, fifteen));

        assertThatThrownBy(() -> importer.apply(importer.read(file)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(clientId)
                .hasMessageContaining("16");
        assertThat(tenancy.client(clientId)).isEmpty();
        assertThat(postForm("/oidc/token", clientId, fifteen, Map.of("grant_type", "client_credentials")).status())
                .isEqualTo(401);
    }

    @Test
    void applyWhenClientSecretIsExactly16ThenAccepted() throws IOException {
        String appId = "sixteen-" + shortId();
        String clientId = appId + "-backend";
        String sixteen = "sixteen-chars-xy";
        assertThat(sixteen).hasSize(16);
        Path file = write("""
                tenant: acme
                applications:
                  - id: %s
                    clients:
                      - {id: %s, secret: "%s"}
                """.formatted(appId, clientId, sixteen));

        importer.apply(importer.read(file));

        assertThat(clientToken(clientId, sixteen)).isNotBlank();
    }

    @Test
    void applyWhenExistingClientGetsShortSecretThenRefusedAndOldSecretStillWorks() throws IOException {
        Path file = write("""
                tenant: acme
                applications:
                  - id: demo
                    name: Demo App
                    otp: {length: 6, ttl: 10m, max_attempts: 5}
                    languages: [en, es]
                    clients:
                      - {id: demo-backend, secret: "short", roles: [admin]}
                """);
        try {
            assertThatThrownBy(() -> importer.apply(importer.read(file)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(CLIENT_ID);
            assertThat(clientToken()).isNotBlank();
            assertThat(postForm("/oidc/token", CLIENT_ID, "short", Map.of("grant_type", "client_credentials")).status())
                    .isEqualTo(401);
        } finally {
            importer.apply(importer.read(TEST_SETUP));
        }
    }

    @Test
    void clientSecretsAreStoredOnlyAsKeyedHashes() throws Exception {
        for (String[] client : new String[][] {{CLIENT_ID, CLIENT_SECRET}, {OTHER_CLIENT_ID, OTHER_CLIENT_SECRET}}) {
            String stored = jdbc.sql("SELECT secret_hash FROM clients WHERE id = ?").param(client[0])
                    .query(String.class).single();
            String secret = client[1];
            assertThat(stored).isNotBlank()
                    .isNotEqualTo(secret)
                    .doesNotContain(secret)
                    .doesNotContain(secret.substring(0, 12))
                    .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))
                    // a plain, unkeyed digest would be as good as the secret to anyone with a dictionary
                    .isNotEqualToIgnoringCase(HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))));
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM clients WHERE secret_hash = ? OR secret_hash = ?")
                .params(CLIENT_SECRET, OTHER_CLIENT_SECRET).query(Long.class).single()).isZero();
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("setup-" + shortId() + ".yml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Everything the set-up file can write, except {@code updated_at}. */
    private Map<String, Object> snapshot() {
        return Map.of(
                "tenants", jdbc.sql("SELECT id, created_at FROM tenants ORDER BY id").query().listOfRows(),
                "applications", jdbc.sql("SELECT id, tenant_id, name, otp_length, otp_ttl_seconds, otp_max_attempts, "
                        + "languages, created_at FROM applications ORDER BY id").query().listOfRows(),
                "redirect_uris", jdbc.sql("SELECT application_id, uri FROM application_redirect_uris "
                        + "ORDER BY application_id, uri").query().listOfRows(),
                "clients", jdbc.sql("SELECT id, tenant_id, application_id, secret_hash, roles, created_at FROM clients "
                        + "ORDER BY id").query().listOfRows(),
                "admins", jdbc.sql("SELECT tenant_id, username, created_at FROM portal_admins "
                        + "ORDER BY tenant_id, username").query().listOfRows());
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : List.of("tenants", "applications", "application_redirect_uris", "clients",
                "portal_admins")) {
            counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }

    private static JsonNode claims(String jwt) {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}

/**
 * The embedded default's first start (ARCHITECTURE.md, "Embedded default"): with no set-up file and an
 * empty database, Verity creates a tenant, application, admin client and portal admin and prints their
 * generated secrets once; the printed credentials work; a restart on the same database prints nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class SetupFirstStartTest {

    private static final Pattern CLIENT_ID_LINE = Pattern.compile("client id\\s*:\\s*(\\S+)");
    private static final Pattern CLIENT_SECRET_LINE = Pattern.compile("client secret\\s*:\\s*(\\S+)");
    private static final Pattern ADMIN_LINE = Pattern.compile("portal admin\\s*:\\s*(\\S+)\\s*/\\s*(\\S+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void firstStartWhenNoSetUpFileThenCredentialsPrintedOnceAndWorkAndNotPrintedAgain(CapturedOutput output)
            throws Exception {
        String home = Path.of("target", "test-home", "first-start-" + UUID.randomUUID()).toString();
        String database = "jdbc:h2:file:" + dir.resolve("verity").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

        String clientId;
        String clientSecret;
        String adminUser;
        String adminPassword;
        try (ConfigurableApplicationContext first = start(database, home)) {
            String printed = output.toString();
            assertThat(occurrences(printed, "client secret")).as(printed).isEqualTo(1);
            clientId = group(CLIENT_ID_LINE, printed, 1);
            clientSecret = group(CLIENT_SECRET_LINE, printed, 1);
            adminUser = group(ADMIN_LINE, printed, 1);
            adminPassword = group(ADMIN_LINE, printed, 2);
            assertThat(clientSecret).hasSizeGreaterThanOrEqualTo(16);
            assertThat(occurrences(printed, clientSecret)).isEqualTo(1);

            assertThat(tokenStatus(first, clientId, clientSecret)).isEqualTo(200);
            assertThat(tokenStatus(first, clientId, clientSecret + "x")).isEqualTo(401);
            TenancyService tenancy = first.getBean(TenancyService.class);
            Client client = tenancy.client(clientId).orElseThrow();
            assertThat(client.isAdmin()).isTrue();
            assertThat(tenancy.adminPasswordMatches(client.tenantId(), adminUser, adminPassword)).isTrue();
            String stored = first.getBean(JdbcClient.class).sql("SELECT secret_hash FROM clients WHERE id = ?")
                    .param(clientId).query(String.class).single();
            assertThat(stored).doesNotContain(clientSecret);
        }

        int printedBefore = output.toString().length();
        try (ConfigurableApplicationContext second = start(database, home)) {
            String printedSince = output.toString().substring(printedBefore);
            assertThat(printedSince).contains("Started").doesNotContain("client secret").doesNotContain(clientSecret)
                    .doesNotContain(adminPassword);
            // the restart keeps the generated server key, so the printed secret still works
            assertThat(tokenStatus(second, clientId, clientSecret)).isEqualTo(200);
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM tenants").query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM clients").query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void firstStartWhenSetUpFileGivenThenNoCredentialsPrinted(CapturedOutput output) throws Exception {
        String home = Path.of("target", "test-home", "first-start-import-" + UUID.randomUUID()).toString();
        String database = "jdbc:h2:mem:first-start-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        try (ConfigurableApplicationContext context = start(database, home,
                "--verity.import=" + SetupFileTests.TEST_SETUP, "--verity.outbound.allow-private-networks=true")) {
            assertThat(output.toString()).contains("Applied set-up file").doesNotContain("client secret");
            assertThat(context.getBean(TenancyService.class).client("verity-admin")).isEmpty();
            assertThat(tokenStatus(context, VerityHarness.CLIENT_ID, VerityHarness.CLIENT_SECRET)).isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(String database, String home, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database,
                "--verity.home=" + home,
                "--server.port=0"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(VerityApplication.class).run(args.toArray(String[]::new));
    }

    private int tokenStatus(ConfigurableApplicationContext context, String clientId, String secret) throws Exception {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        URI token = URI.create("http://127.0.0.1:" + port + "/oidc/token");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            assertThat(JSON.readTree(response.body()).get("access_token").asString()).isNotBlank();
        }
        return response.statusCode();
    }

    private static String group(Pattern pattern, String text, int group) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group(group);
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }
}
