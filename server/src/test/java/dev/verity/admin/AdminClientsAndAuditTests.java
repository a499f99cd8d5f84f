package dev.verity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.verity.testing.BothDatabases;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's applications and clients: creating them, a client secret shown once and refused once rotated,
 * a revoked client whose secret and tokens stop working, field errors for bad input, another tenant that sees
 * none of it, and the audit log that records every change with who made it.
 */
@BothDatabases
class AdminClientsAndAuditTests extends AdminApiSupport {

    @Test
    void createdClientGetsItsSecretOnceAndThatSecretGetsATokenOfItsApplication() {
        String id = unique("made");
        Response created = call("POST", "/admin/api/clients", clientToken(),
                Map.of("id", id, "application", "other", "roles", List.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().get("secret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);

        String token = clientToken(id, secret);
        Response listed = get("/admin/api/clients?limit=500", clientToken());
        JsonNode mine = null;
        for (JsonNode client : listed.json()) {
            if (client.get("id").asString().equals(id)) {
                mine = client;
            }
        }
        assertThat(mine).as(listed.body()).isNotNull();
        assertThat(mine.get("application").asString()).isEqualTo("other");
        assertThat(mine.has("secret")).as("a listed client shows no secret").isFalse();
        assertThat(listed.body()).doesNotContain(secret);

        // not an admin client: the admin API refuses it, v1 accepts it for its application
        assertThat(get("/admin/api/clients", token).status()).isEqualTo(403);
        Response user = postJson("/v1/users", token, "{\"email\":\"" + uniqueEmail("made-client") + "\"}");
        assertThat(user.status()).as(user.body()).isEqualTo(201);
    }

    @Test
    void rotatedSecretReplacesTheOldOneAtOnce() {
        String id = unique("rotating");
        String first = call("POST", "/admin/api/clients", clientToken(),
                Map.of("id", id, "application", "other")).json().get("secret").asString();
        clientToken(id, first);

        Response rotated = call("POST", "/admin/api/clients/" + id + "/secret", clientToken(), null);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String second = rotated.json().get("secret").asString();
        assertThat(second).isNotEqualTo(first);

        Response old = postForm("/oidc/token", id, first, Map.of("grant_type", "client_credentials"));
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.json().get("error").asString()).isEqualTo("invalid_client");
        clientToken(id, second);
    }

    @Test
    void revokedClientLosesItsSecretAndItsTokensAtOnce() {
        String id = unique("revoked");
        String secret = call("POST", "/admin/api/clients", clientToken(),
                Map.of("id", id, "application", "demo", "roles", List.of("admin"))).json().get("secret").asString();
        String token = clientToken(id, secret);
        String userToken = userToken(id, secret, createUser(uniqueEmail("revoked-client-user")));
        assertThat(get("/admin/api/clients", token).status()).isEqualTo(200);

        Response revoked = call("DELETE", "/admin/api/clients/" + id, clientToken(), null);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);

        assertThat(get("/admin/api/clients", token).status()).as("its client token").isEqualTo(401);
        assertThat(get("/v1/users/me", userToken).status()).as("a user token it was issued").isEqualTo(401);
        assertThat(postForm("/oidc/token", id, secret, Map.of("grant_type", "client_credentials")).status())
                .isEqualTo(401);
        assertThat(call("DELETE", "/admin/api/clients/" + id, clientToken(), null).status()).isEqualTo(404);
    }

    @Test
    void aClientCannotRevokeItself() {
        Response response = call("DELETE", "/admin/api/clients/" + CLIENT_ID, clientToken(), null);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asString()).endsWith("/self-revoke");
        clientToken();
    }

    @Test
    void badClientInputGetsAFieldErrorAndCreatesNothing() {
        String before = get("/admin/api/clients?limit=500", clientToken()).body();
        record Case(Map<String, Object> body, int status, String detail) {
        }
        for (Case c : List.of(
                new Case(Map.of("id", CLIENT_ID, "application", "demo"), 409, "id"),
                new Case(Map.of("application", "demo"), 400, "id is required"),
                new Case(Map.of("id", "has space", "application", "demo"), 400, "id must be"),
                new Case(Map.of("id", unique("ok"), "application", "no-such-app"), 400, "application"),
                new Case(Map.of("id", unique("ok"), "application", "demo", "roles", List.of("root")), 400, "roles"))) {
            Response response = call("POST", "/admin/api/clients", clientToken(), c.body());
            assertThat(response.status()).as("%s: %s", c.body(), response.body()).isEqualTo(c.status());
            assertThat(response.json().get("detail").asString()).as("%s", c.body()).contains(c.detail());
        }
        assertThat(get("/admin/api/clients?limit=500", clientToken()).body()).isEqualTo(before);
    }

    @Test
    void createdApplicationHasTheSetUpFileDefaultsAndItsIdOnce() {
        String id = unique("made-app");
        Response created = call("POST", "/admin/api/applications", clientToken(), Map.of("id", id, "name", "Made",
                "redirect_uris", List.of("https://made.example.com/done"), "otp", Map.of("length", 8)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/otp/length").asInt()).isEqualTo(8);
        assertThat(created.json().at("/otp/ttl").asString()).isEqualTo("600s");
        assertThat(created.json().get("languages").toString()).isEqualTo("[\"en\"]");
        assertThat(get("/admin/api/applications/" + id, clientToken()).status()).isEqualTo(200);
        assertThat(get("/admin/api/applications?limit=500", clientToken()).body()).contains("\"id\":\"" + id + "\"");

        Response again = call("POST", "/admin/api/applications", clientToken(), Map.of("id", id, "name", "Again"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/application-exists");
    }

    @Test
    void badApplicationInputGetsAFieldErrorAndCreatesNothing() {
        record Case(Map<String, Object> body, String detail) {
        }
        for (Case c : List.of(
                new Case(Map.of("id", unique("bad"), "name", "X", "redirect_uris", List.of("http://evil.example.com/")),
                        "redirect_uris"),
                new Case(Map.of("id", unique("bad"), "name", "X", "redirect_uris", List.of("/relative")), "redirect_uris"),
                new Case(Map.of("id", unique("bad"), "name", "X", "limits", Map.of("sends_per_address", "5/10x")), "sends_per_address"),
                new Case(Map.of("id", unique("bad"), "name", "X", "languages", List.of("zz")), "languages"),
                new Case(Map.of("id", unique("bad")), "name is required"),
                new Case(Map.of("name", "X"), "id is required"))) {
            Response response = call("POST", "/admin/api/applications", clientToken(), c.body());
            assertThat(response.status()).as("%s: %s", c.body(), response.body()).isEqualTo(400);
            assertThat(response.json().get("detail").asString()).as("%s", c.body()).contains(c.detail());
            if (c.body().get("id") instanceof String id) {
                assertThat(get("/admin/api/applications/" + id, clientToken()).status()).isEqualTo(404);
            }
        }
    }

    @Test
    void anotherTenantSeesAndTouchesNoneOfIt() {
        String rival = rivalTenantToken();
        String id = unique("mine");
        call("POST", "/admin/api/clients", clientToken(), Map.of("id", id, "application", "other"));

        assertThat(get("/admin/api/clients", rival).body()).doesNotContain(id).doesNotContain(CLIENT_ID);
        assertThat(get("/admin/api/applications", rival).body()).doesNotContain("\"demo\"");
        assertThat(call("POST", "/admin/api/clients/" + id + "/secret", rival, null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/admin/api/clients/" + id, rival, null).status()).isEqualTo(404);
        Response foreignApp = call("POST", "/admin/api/clients", rival, Map.of("id", unique("x"), "application", "demo"));
        assertThat(foreignApp.status()).isEqualTo(400);
        assertThat(get("/admin/api/audit-log?limit=500", rival).body()).doesNotContain(id).doesNotContain(CLIENT_ID);
    }

    @Test
    void everyChangeIsInTheAuditLogWithItsActorAndNoSecret() {
        String id = unique("audited");
        String secret = call("POST", "/admin/api/clients", clientToken(), Map.of("id", id, "application", "other"))
                .json().get("secret").asString();
        String rotated = call("POST", "/admin/api/clients/" + id + "/secret", clientToken(), null)
                .json().get("secret").asString();
        call("PATCH", "/admin/api/applications/other", clientToken(), Map.of("name", "Other App"));
        call("DELETE", "/admin/api/clients/" + id, clientToken(), null);
        // a refused change is not recorded
        call("POST", "/admin/api/clients", clientToken(), Map.of("id", CLIENT_ID, "application", "demo"));

        Response log = get("/admin/api/audit-log?limit=20", clientToken());
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body()).doesNotContain(secret).doesNotContain(rotated);
        List<String> mine = new java.util.ArrayList<>();
        for (JsonNode entry : log.json()) {
            if (entry.get("target").asString().equals("client:" + id)) {
                assertThat(entry.get("actor").asString()).isEqualTo("client:" + CLIENT_ID);
                assertThat(entry.get("at").asString()).isNotBlank();
                mine.add(entry.get("action").asString());
            }
        }
        assertThat(mine).containsExactly("client.revoke", "client.rotate-secret", "client.create");
        assertThat(log.body()).contains("\"action\":\"application.update\"", "\"detail\":\"name\"");
        assertThat(log.body()).doesNotContain("\"target\":\"client:" + CLIENT_ID + "\"");
    }

    @Test
    void flowsOfAnApplicationAreListedWithoutTheirSecrets() {
        Response flows = get("/admin/api/applications/demo/flows", clientToken());
        assertThat(flows.status()).as(flows.body()).isEqualTo(200);
        assertThat(flows.body()).contains("\"id\":\"onboarding\"", "\"id\":\"demo-flow\"", "\"id\":\"private-flow\"")
                .doesNotContain("whsec_").doesNotContain("demo_otp");
        assertThat(get("/admin/api/applications/demo/flows", rivalTenantToken()).status()).isEqualTo(404);
    }
}
