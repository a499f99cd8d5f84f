package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;
import tools.jackson.databind.JsonNode;

/**
 * The two writers of v1 webhooks, the set-up file and the admin API, with the production default for outbound
 * URLs (private networks refused): the same URL, secret and event rules in both, errors that name the key
 * (file, line, key) or the field (RFC 9457 problem) and never the URL or the secret, a secret that is sealed at
 * rest and never shown again, and another tenant's application that does not exist.
 */
@BothDatabases
class ApplicationWebhookSettingsTests extends VerityHarness {

    static final String SECRET = "whsec_c2V0dGluZ3MtdGVzdC13ZWJob29rLWtleS0wMTIzNDU=";
    static final String HOOK_URL = "https://hooks.invalid/settings";

    @Autowired
    SetupImporter importer;

    @Autowired
    TenancyService tenancy;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void privateNetworksRefused(DynamicPropertyRegistry registry) {
        registry.add("verity.outbound.allow-private-networks", () -> "false");
        registry.add("test.webhook-url", () -> "https://hooks.invalid/unused");
    }

    // ------------------------------------------------------------------ set-up file

    @Test
    void applyWhenWebhooksDeclaredThenStoredOnceWithEventsAndSealedSecretAndAgainChangesNothing() throws IOException {
        Path file = setupFile("file-app", """
                      - {url: "%s/a", secret: "%s"}
                      - {url: "%s/b", secret: "%s", events: [verification.failed, contact.verified]}
                """.formatted(HOOK_URL, SECRET, HOOK_URL, SECRET));

        importer.apply(importer.read(file));
        importer.apply(importer.read(file));

        JsonNode list = get("/admin/api/applications/file-app/webhooks", clientToken("file-app-admin", CLIENT_SECRET)).json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("url").asString()).isEqualTo(HOOK_URL + "/a");
        assertThat(list.get(0).get("events").valueStream().map(JsonNode::asString))
                .containsExactly("contact.verified", "verification.failed", "verification.sent");
        assertThat(list.get(1).get("events").valueStream().map(JsonNode::asString))
                .containsExactly("contact.verified", "verification.failed");
        assertThat(list.toString()).doesNotContain(SECRET).doesNotContain(SECRET.substring(6));
        assertThat(jdbc.sql("SELECT secret FROM application_webhooks WHERE application_id = 'file-app'")
                .query(String.class).list()).hasSize(2)
                .allSatisfy(sealed -> assertThat(sealed).doesNotContain(SECRET.substring(6, 20)));
    }

    @Test
    void applyWhenWebhookKeyIsWrongThenErrorNamesFileLineAndKeyButNeitherUrlNorSecret() throws IOException {
        record Case(String webhook, String key, String reason) {
        }
        String bad = "whsec_" + "c2hvcnQ=";
        List<Case> cases = List.of(
                new Case("{url: \"%s\", secret: \"%s\"}".formatted(HOOK_URL, bad), "secret",
                        "must be whsec_ followed by the base64 of 24 to 64 random bytes"),
                new Case("{url: \"%s\", secret: \"%s\"}".formatted(HOOK_URL, "not-a-whsec-secret-at-all-0123456789"),
                        "secret", "must be whsec_ followed by the base64 of 24 to 64 random bytes"),
                new Case("{url: \"%s\", secret: \"%s\", events: [contact.verified, code.leaked]}"
                        .formatted(HOOK_URL, SECRET), "events",
                        "must be contact.verified, verification.failed or verification.sent"),
                new Case("{url: \"%s\", secret: \"%s\", events: []}".formatted(HOOK_URL, SECRET), "events",
                        "must name at least one event (leave it out for all)"),
                new Case("{secret: \"%s\"}".formatted(SECRET), "url", "is required"),
                new Case("{url: \"%s\"}".formatted(HOOK_URL), "secret", "is required"),
                new Case("{url: \"ftp://hooks.invalid/x\", secret: \"%s\"}".formatted(SECRET), "url",
                        "must use http or https"),
                new Case("{url: \"http://10.1.2.3/hook\", secret: \"%s\"}".formatted(SECRET), "url",
                        "must resolve only to public internet addresses (verity.outbound.allow-private-networks=true"
                                + " allows private targets, for development only)"),
                new Case("{url: \"%s\", secrets: \"%s\"}".formatted(HOOK_URL, SECRET), "secrets",
                        "is not a known key ('secrets'); check its spelling"));
        for (Case c : cases) {
            Path file = setupFile("refused-app", "      - " + c.webhook() + "\n");
            assertThatThrownBy(() -> importer.apply(importer.read(file)))
                    .as(c.webhook())
                    .isInstanceOf(SetupFileException.class)
                    .hasMessage("Set-up file " + file + ", line 8, key applications[0].webhooks[0]." + c.key() + ": "
                            + c.reason())
                    .hasMessageNotContaining(SECRET.substring(6))
                    .hasMessageNotContaining("10.1.2.3")
                    .hasMessageNotContaining("hooks.invalid");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM application_webhooks WHERE application_id = 'refused-app'")
                .query(Long.class).single()).isZero();
    }

    // ------------------------------------------------------------------ admin API

    @Test
    void createWhenValidThenCreatedListedWithoutSecretAndDeletable() {
        String admin = clientToken();
        Response created = postJson("/admin/api/applications/demo/webhooks", admin,
                "{\"url\":\"" + HOOK_URL + "/admin\",\"secret\":\"" + SECRET + "\",\"events\":[\"verification.sent\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().propertyNames()).containsExactlyInAnyOrder("id", "url", "events", "disabled",
                "created_at");
        assertThat(created.json().get("url").asString()).isEqualTo(HOOK_URL + "/admin");
        assertThat(created.json().get("events").valueStream().map(JsonNode::asString))
                .containsExactly("verification.sent");
        assertThat(created.json().get("disabled").asBoolean()).isFalse();
        assertThat(created.body()).doesNotContain(SECRET.substring(6));
        String id = created.json().get("id").asString();

        Response list = get("/admin/api/applications/demo/webhooks", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().valueStream().map(w -> w.get("id").asString())).contains(id);
        assertThat(list.body()).doesNotContain(SECRET.substring(6)).doesNotContain("secret");

        Response again = postJson("/admin/api/applications/demo/webhooks", admin,
                "{\"url\":\"" + HOOK_URL + "/admin\",\"secret\":\"" + SECRET + "\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/webhook-exists");

        assertThat(delete("/admin/api/applications/demo/webhooks/" + id, admin).status()).isEqualTo(204);
        assertThat(delete("/admin/api/applications/demo/webhooks/" + id, admin).status()).isEqualTo(404);
        assertThat(get("/admin/api/applications/demo/webhooks", admin).json().valueStream()
                .map(w -> w.get("id").asString())).doesNotContain(id);
    }

    @Test
    void createWhenSettingIsRefusedThenInvalidInputProblemNamingTheFieldButNotTheValue() {
        String admin = clientToken();
        long before = demoWebhookRows();
        record Case(String body, String detail) {
        }
        List<Case> cases = List.of(
                new Case("{\"url\":\"ftp://hooks.invalid/x\",\"secret\":\"" + SECRET + "\"}",
                        "url must use http or https"),
                new Case("{\"url\":\"not a url\",\"secret\":\"" + SECRET + "\"}",
                        "url must be an absolute http or https URL"),
                new Case("{\"url\":\"http://127.0.0.1:8080/hook\",\"secret\":\"" + SECRET + "\"}",
                        "url must resolve only to public internet addresses"),
                new Case("{\"url\":\"http://169.254.169.254/latest/meta-data\",\"secret\":\"" + SECRET + "\"}",
                        "url must resolve only to public internet addresses"),
                new Case("{\"url\":\"http://10.1.2.3/hook\",\"secret\":\"" + SECRET + "\"}",
                        "url must resolve only to public internet addresses"),
                new Case("{\"url\":\"" + HOOK_URL + "\",\"secret\":\"whsec_c2hvcnQ=\"}",
                        "secret must be whsec_ followed by the base64 of 24 to 64 random bytes"),
                new Case("{\"url\":\"" + HOOK_URL + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"code.leaked\"]}",
                        "events must be contact.verified, verification.failed or verification.sent"));
        for (Case c : cases) {
            Response refused = postJson("/admin/api/applications/demo/webhooks", admin, c.body());
            assertThat(refused.status()).as(c.body() + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("type").asString()).endsWith("/invalid-input");
            assertThat(refused.json().get("detail").asString()).isEqualTo(c.detail());
            assertThat(refused.body()).doesNotContain(SECRET.substring(6)).doesNotContain("10.1.2.3")
                    .doesNotContain("169.254").doesNotContain("ftp://");
        }
        Response missing = postJson("/admin/api/applications/demo/webhooks", admin, "{\"secret\":\"" + SECRET + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("type").asString()).endsWith("/invalid-input");
        assertThat(demoWebhookRows()).isEqualTo(before);
    }

    private long demoWebhookRows() {
        return jdbc.sql("SELECT COUNT(*) FROM application_webhooks WHERE application_id = 'demo'").query(Long.class)
                .single();
    }

    @Test
    void webhooksWhenApplicationBelongsToAnotherTenantThenNotFoundAndNothingChanges() {
        String rivalApp = "rival-" + UUID.randomUUID().toString().substring(0, 8);
        String rivalClient = rivalApp + "-admin";
        tenancy.saveApplication(new Application(rivalApp, "rival-tenant", "Rival", OtpPolicy.DEFAULT, List.of("en"),
                List.of()));
        tenancy.saveClient(new Client(rivalClient, "rival-tenant", rivalApp, Set.of("admin")), CLIENT_SECRET);
        String rival = clientToken(rivalClient, CLIENT_SECRET);
        String admin = clientToken();
        Response own = postJson("/admin/api/applications/demo/webhooks", admin,
                "{\"url\":\"" + HOOK_URL + "/mine\",\"secret\":\"" + SECRET + "\"}");
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        String id = own.json().get("id").asString();
        try {
            for (Response refused : List.of(get("/admin/api/applications/demo/webhooks", rival),
                    postJson("/admin/api/applications/demo/webhooks", rival,
                            "{\"url\":\"" + HOOK_URL + "/theirs\",\"secret\":\"" + SECRET + "\"}"),
                    delete("/admin/api/applications/demo/webhooks/" + id, rival),
                    get("/admin/api/applications/" + rivalApp + "/webhooks", admin),
                    delete("/admin/api/applications/" + rivalApp + "/webhooks/" + id, admin),
                    get("/admin/api/applications/no-such-app/webhooks", admin))) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(404);
                assertThat(refused.json().get("type").asString()).endsWith("/not-found");
                assertThat(refused.body()).doesNotContain(HOOK_URL);
            }
            assertThat(get("/admin/api/applications/demo/webhooks", admin).json()).hasSize(1);
            assertThat(get("/admin/api/applications/" + rivalApp + "/webhooks", rival).json()).isEmpty();
        } finally {
            assertThat(delete("/admin/api/applications/demo/webhooks/" + id, admin).status()).isEqualTo(204);
        }
    }

    @Test
    void webhooksWhenClientLacksAdminRoleThenForbidden() {
        String notAdmin = clientToken(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET);
        Response list = get("/admin/api/applications/other/webhooks", notAdmin);
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.json().get("type").asString()).endsWith("/admin-role-required");
        assertThat(postJson("/admin/api/applications/other/webhooks", notAdmin,
                "{\"url\":\"" + HOOK_URL + "\",\"secret\":\"" + SECRET + "\"}").status()).isEqualTo(403);
    }

    private Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).DELETE().build());
    }

    /** A set-up file with one application, its admin client, and the given lines under its {@code webhooks:}. */
    private Path setupFile(String application, String webhooks) throws IOException {
        Path file = dir.resolve("webhooks-" + UUID.randomUUID() + ".yml");
        Files.writeString(file, """
                tenant: file-tenant
                applications:
                  - id: %s
                    name: File App
                    clients:
                      - {id: %s-admin, secret: "%s", roles: [admin]}
                    webhooks:
                """.formatted(application, application, CLIENT_SECRET) + webhooks);
        return file;
    }
}
