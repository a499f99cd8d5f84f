package dev.verity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.verity.testing.BothDatabases;
import tools.jackson.databind.JsonNode;

/** Users in the admin API: found by any address they hold, a secondary address removed, a primary one kept. */
@BothDatabases
class AdminUsersTests extends AdminApiSupport {

    private Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).DELETE().build());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void userIsFoundByAnyOfItsAddressesAndASecondaryAddressCanBeRemoved() {
        String first = uniqueEmail("admin-users");
        String userId = createUser(first);
        String token = userToken(userId);
        // verifying a second address while the first is unverified makes it the primary; the first stays secondary
        String verified = uniqueEmail("admin-users-verified");
        assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + verified + "\"}").status())
                .isEqualTo(200);
        assertThat(postJson("/v1/verification/otp/email/validate", token, "{\"email\":\"" + verified
                + "\",\"passcode\":\"" + awaitCode(verified) + "\"}").status()).isEqualTo(200);

        // the domain is compared case-insensitively, as Verity stores it lower-cased
        String upperDomain = first.substring(0, first.indexOf('@')) + first.substring(first.indexOf('@')).toUpperCase();
        Response byFirst = get("/admin/api/users?email=" + enc(upperDomain), clientToken());
        assertThat(byFirst.status()).as(byFirst.body()).isEqualTo(200);
        assertThat(byFirst.json()).hasSize(1);
        JsonNode user = byFirst.json().get(0);
        assertThat(user.get("id").asString()).isEqualTo(userId);
        JsonNode contacts = user.get("contacts");
        assertThat(contacts).hasSize(2);
        for (JsonNode contact : contacts) {
            boolean isVerified = contact.get("value").asString().equals(verified);
            assertThat(contact.get("primary").asBoolean()).as(contact.toString()).isEqualTo(isVerified);
            assertThat(contact.get("verified_at").isNull()).as(contact.toString()).isEqualTo(!isVerified);
        }
        assertThat(get("/admin/api/users?email=" + enc(verified), clientToken()).json().get(0).get("id").asString())
                .isEqualTo(userId);
        assertThat(get("/admin/api/users?phone=" + enc("+14155559999"), clientToken()).json()).isEmpty();
        assertThat(get("/admin/api/users?limit=5", clientToken()).body()).contains(userId);

        String rival = rivalTenantToken();
        assertThat(get("/admin/api/users?email=" + enc(first), rival).json()).isEmpty();
        assertThat(get("/admin/api/users", rival).body()).doesNotContain(userId);
        assertThat(delete("/admin/api/users/" + userId + "/contacts/" + enc(first), rival).status()).isEqualTo(404);

        Response kept = delete("/admin/api/users/" + userId + "/contacts/" + enc(verified), clientToken());
        assertThat(kept.status()).isEqualTo(409);
        assertThat(kept.json().get("type").asString()).endsWith("/primary-contact");

        assertThat(delete("/admin/api/users/" + userId + "/contacts/" + enc(first), clientToken()).status())
                .isEqualTo(204);
        assertThat(get("/admin/api/users?email=" + enc(first), clientToken()).json()).isEmpty();
        assertThat(delete("/admin/api/users/" + userId + "/contacts/" + enc(first), clientToken()).status())
                .isEqualTo(404);
        assertThat(get("/admin/api/audit-log", clientToken()).body())
                .contains("\"action\":\"contact.remove\"", "\"target\":\"user:" + userId + "\"")
                .doesNotContain(first);
    }

    @Test
    void aMalformedAddressIsAFieldError() {
        Response search = get("/admin/api/users?email=" + enc("not@an@address"), clientToken());
        assertThat(search.status()).isEqualTo(400);
        assertThat(search.json().get("detail").asString()).contains("email");
        Response removal = delete("/admin/api/users/" + UUID.randomUUID() + "/contacts/12ab", clientToken());
        assertThat(removal.status()).isEqualTo(400);
        assertThat(removal.json().get("detail").asString()).contains("phone");
    }
}
