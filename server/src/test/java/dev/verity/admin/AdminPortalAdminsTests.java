package dev.verity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.Client;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.testing.BothDatabases;

/** Portal admins through the admin API: added with a password that then works, changed, removed — never the last. */
@BothDatabases
class AdminPortalAdminsTests extends AdminApiSupport {

    @Test
    void addedAdminLogsInWithItsPasswordUntilChangedOrRemoved() {
        String name = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        Response created = call("POST", "/admin/api/admins", clientToken(),
                Map.of("username", name, "password", "first-password-123"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("first-password-123");
        assertThat(tenancy.adminPasswordMatches("acme", name, "first-password-123")).isTrue();
        assertThat(get("/admin/api/admins", clientToken()).body()).contains("\"username\":\"" + name + "\"")
                .doesNotContain("password");

        assertThat(call("POST", "/admin/api/admins", clientToken(), Map.of("username", name, "password",
                "another-password-123")).status()).isEqualTo(409);

        assertThat(call("PUT", "/admin/api/admins/" + name + "/password", clientToken(),
                Map.of("password", "second-password-456")).status()).isEqualTo(204);
        assertThat(tenancy.adminPasswordMatches("acme", name, "first-password-123")).isFalse();
        assertThat(tenancy.adminPasswordMatches("acme", name, "second-password-456")).isTrue();

        assertThat(call("DELETE", "/admin/api/admins/" + name, clientToken(), null).status()).isEqualTo(204);
        assertThat(tenancy.adminPasswordMatches("acme", name, "second-password-456")).isFalse();
        assertThat(get("/admin/api/audit-log", clientToken()).body())
                .contains("\"action\":\"admin.create\"", "\"action\":\"admin.password\"", "\"action\":\"admin.delete\"")
                .doesNotContain("first-password-123").doesNotContain("second-password-456");
    }

    @Test
    void shortPasswordsAndBadNamesAreFieldErrors() {
        Response shortOne = call("POST", "/admin/api/admins", clientToken(), Map.of("username", "short-pw",
                "password", "eleven-char"));
        assertThat(shortOne.status()).isEqualTo(400);
        assertThat(shortOne.json().get("detail").asString()).contains("password");
        Response badName = call("POST", "/admin/api/admins", clientToken(), Map.of("username", "has space",
                "password", "long-enough-password"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("detail").asString()).contains("username");
        assertThat(get("/admin/api/admins", clientToken()).body()).doesNotContain("short-pw");
    }

    @Test
    void theLastAdminOfATenantStaysAndAnotherTenantTouchesNone() {
        String tenant = "solo-" + UUID.randomUUID().toString().substring(0, 8);
        tenancy.saveApplication(new Application(tenant + "-app", tenant, "Solo", OtpPolicy.DEFAULT, List.of("en"),
                List.of()));
        tenancy.saveClient(new Client(tenant + "-admin", tenant, tenant + "-app", Set.of("admin")), "solo-secret-" + tenant);
        tenancy.saveAdmin(tenant, "only", "only-admin-password");
        String solo = clientToken(tenant + "-admin", "solo-secret-" + tenant);

        Response last = call("DELETE", "/admin/api/admins/only", solo, null);
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.json().get("type").asString()).endsWith("/last-admin");
        assertThat(tenancy.adminPasswordMatches(tenant, "only", "only-admin-password")).isTrue();

        assertThat(get("/admin/api/admins", solo).body()).doesNotContain("\"admin\"");
        assertThat(call("DELETE", "/admin/api/admins/admin", solo, null).status()).isEqualTo(404);
        assertThat(call("PUT", "/admin/api/admins/admin/password", solo, Map.of("password", "takeover-password-1"))
                .status()).isEqualTo(404);
        assertThat(tenancy.adminPasswordMatches("acme", "admin", "takeover-password-1")).isFalse();
    }
}
