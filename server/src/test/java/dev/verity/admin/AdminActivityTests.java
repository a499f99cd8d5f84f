package dev.verity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.verity.testing.BothDatabases;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's view of what happened: the verification log (masked destinations, outcome, channel, client
 * IP), the protection rules' refusals (masked subjects) and the blocked SMS prefixes an admin may lift — each
 * seen by its own tenant only.
 */
@BothDatabases
class AdminActivityTests extends AdminApiSupport {

    @Autowired
    JdbcClient jdbc;

    private record App(String id, String clientId, String secret) {
    }

    /** A fresh application of the test tenant, made through the admin API, with a client of its own. */
    private App newApp(Map<String, String> limits) {
        String id = "act-" + UUID.randomUUID().toString().substring(0, 8);
        Response app = call("POST", "/admin/api/applications", clientToken(), Map.of("id", id, "name", "Activity",
                "limits", limits));
        assertThat(app.status()).as(app.body()).isEqualTo(201);
        Response client = call("POST", "/admin/api/clients", clientToken(), Map.of("id", id + "-backend",
                "application", id));
        assertThat(client.status()).as(client.body()).isEqualTo(201);
        return new App(id, id + "-backend", client.json().get("secret").asString());
    }

    @Test
    void verificationLogShowsEachCodeMaskedWithItsOutcomeAndIp() {
        App app = newApp(Map.of());
        String email = uniqueEmail("activity");
        String user = userToken(app.clientId(), app.secret(), createUser(email));
        Response sent = postJson("/v1/verification/otp/email/send", user, "{\"email\":\"" + email + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        JsonNode pending = get("/admin/api/verifications?application=" + app.id(), clientToken()).json();
        assertThat(pending).hasSize(1);
        JsonNode entry = pending.get(0);
        assertThat(entry.get("channel").asString()).isEqualTo("email");
        assertThat(entry.get("result").asString()).isEqualTo("pending");
        assertThat(entry.get("destination").asString()).doesNotContain(email.substring(1, email.indexOf('@') - 1))
                .endsWith(email.substring(email.indexOf('@')));
        assertThat(entry.get("ip").asString()).isNotBlank();
        assertThat(entry.get("country").isNull()).isTrue();

        Response validated = postJson("/v1/verification/otp/email/validate", user,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + awaitCode(email) + "\"}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        Response after = get("/admin/api/verifications?application=" + app.id(), clientToken());
        assertThat(after.json().get(0).get("result").asString()).isEqualTo("verified");
        assertThat(after.json().get(0).get("verified_at").asString()).isNotBlank();
        assertThat(after.body()).doesNotContain(email);

        assertThat(get("/admin/api/verifications?application=" + app.id(), rivalTenantToken()).status()).isEqualTo(404);
        assertThat(get("/admin/api/verifications", rivalTenantToken()).body()).doesNotContain(app.id());
    }

    @Test
    void protectionRefusalsAreListedWithTheirSubjectMasked() {
        App app = newApp(Map.of("resend_cooldown", "1h"));
        String email = uniqueEmail("refused");
        String user = userToken(app.clientId(), app.secret(), createUser(email));
        assertThat(postJson("/v1/verification/otp/email/send", user, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        assertThat(postJson("/v1/verification/otp/email/send", user, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(429);

        Response events = get("/admin/api/protection-events?limit=500", clientToken());
        assertThat(events.status()).isEqualTo(200);
        JsonNode mine = null;
        for (JsonNode event : events.json()) {
            if (event.get("application").asString().equals(app.id())) {
                mine = event;
            }
        }
        assertThat(mine).as(events.body()).isNotNull();
        assertThat(mine.get("kind").asString()).isEqualTo("send_rate_limited");
        assertThat(mine.get("subject").asString()).startsWith("email:").endsWith(email.substring(email.indexOf('@')));
        assertThat(events.body()).doesNotContain(email);
        assertThat(get("/admin/api/protection-events?limit=500", rivalTenantToken()).body()).doesNotContain(app.id());
    }

    @Test
    void blockedPrefixIsListedAndAnAdminOfItsTenantLiftsIt() {
        App app = newApp(Map.of());
        jdbc.sql("INSERT INTO blocked_prefixes (application_id, prefix, blocked_until) VALUES (?, ?, ?)")
                .params(app.id(), "+1415555", OffsetDateTime.now(ZoneOffset.UTC).plusHours(12)).update();

        Response blocks = get("/admin/api/blocked-prefixes", clientToken());
        assertThat(blocks.body()).contains("\"application\":\"" + app.id() + "\"", "\"prefix\":\"+1415555\"");
        String rival = rivalTenantToken();
        assertThat(get("/admin/api/blocked-prefixes", rival).body()).doesNotContain(app.id());
        assertThat(call("DELETE", "/admin/api/applications/" + app.id() + "/blocked-prefixes/+1415555", rival, null)
                .status()).isEqualTo(404);

        Response lifted = call("DELETE", "/admin/api/applications/" + app.id() + "/blocked-prefixes/+1415555",
                clientToken(), null);
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(204);
        assertThat(get("/admin/api/blocked-prefixes", clientToken()).body()).doesNotContain(app.id());
        assertThat(call("DELETE", "/admin/api/applications/" + app.id() + "/blocked-prefixes/+1415555",
                clientToken(), null).status()).isEqualTo(404);
        assertThat(get("/admin/api/audit-log", clientToken()).body())
                .contains("\"action\":\"block.lift\"", "\"target\":\"application:" + app.id() + "\"");
    }
}
