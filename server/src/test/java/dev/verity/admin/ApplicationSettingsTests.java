package dev.verity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;
import tools.jackson.databind.JsonNode;

/**
 * The admin API checks an application's settings as the set-up file does (ISO 3166-1 countries, languages
 * Verity has texts for, limits in the set-up syntax) and shows them in that same syntax.
 */
@BothDatabases
class ApplicationSettingsTests extends VerityHarness {

    private Response patch(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + clientToken())
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    @Test
    void patchWhenSmsCountryIsNotIso3166ThenProblem400AndNothingChanged() {
        for (Object countries : List.of(List.of("XX"), List.of("US", "ZZ"), List.of("us"), List.of("USA"))) {
            Response response = patch("/admin/api/applications/demo", Map.of("sms_countries", countries));
            assertThat(response.status()).as("%s", countries).isEqualTo(400);
            assertThat(response.json().get("type").asString()).endsWith("/invalid-input");
            assertThat(response.json().get("detail").asString()).contains("sms_countries");
        }
        assertThat(get("/admin/api/applications/demo", clientToken()).json().get("sms_countries")).isEmpty();
    }

    @Test
    void patchWhenLanguageHasNoTextsOrIsMalformedThenProblem400() {
        for (Object languages : List.of(List.of("zz"), List.of("en", "fr"), List.of("e n"), List.of("en_US"))) {
            Response response = patch("/admin/api/applications/demo", Map.of("languages", languages));
            assertThat(response.status()).as("%s", languages).isEqualTo(400);
            assertThat(response.json().get("detail").asString()).contains("languages");
        }
        assertThat(get("/admin/api/applications/demo", clientToken()).json().get("languages").toString())
                .isEqualTo("[\"en\",\"es\"]");
    }

    @Test
    void patchWhenLanguageHasARegionThenAcceptedInCanonicalForm() {
        try {
            Response response = patch("/admin/api/applications/demo", Map.of("languages", List.of("es-mx", "en")));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("languages").toString()).isEqualTo("[\"es-MX\",\"en\"]");
        } finally {
            assertThat(patch("/admin/api/applications/demo", Map.of("languages", List.of("en", "es"))).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void getShowsLimitsInTheSetUpSyntaxAndTheyCanBeWrittenBackUnchanged() {
        JsonNode before = get("/admin/api/applications/guarded", clientToken("guarded-backend",
                "guarded-backend-secret-0123456789")).json();
        // the test set-up file leaves "guarded" at Verity's defaults, as README and API.md write them
        assertThat(before.get("limits").toString()).isEqualTo("{\"resend_cooldown\":\"30s\",\"sends_per_address\":"
                + "\"5/10m\",\"failed_checks_per_address\":\"20/24h\",\"sends_per_user\":\"20/1h\",\"sends_per_ip\":"
                + "\"50/1h\",\"sms_per_day\":\"10000\"}");

        Response demo = get("/admin/api/applications/demo", clientToken());
        Response written = patch("/admin/api/applications/demo", Map.of("limits",
                JSON.convertValue(demo.json().get("limits"), Map.class)));
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(written.json().get("limits")).isEqualTo(demo.json().get("limits"));
    }

    @Test
    void patchWhenLimitIsMalformedOrUnknownThenProblem400NamingIt() {
        Response malformed = patch("/admin/api/applications/demo", Map.of("limits", Map.of("sends_per_ip", "lots")));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asString()).contains("limits.sends_per_ip");
        Response unknown = patch("/admin/api/applications/demo", Map.of("limits", Map.of("sends_per_moon", "1/1h")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("limits.sends_per_moon");
    }

    @Test
    void putFlowWhenAllowedCountryOrLanguageUnknownThenProblem400() {
        Response country = send(HttpRequest.newBuilder(uri("/admin/api/applications/demo/flows/checked-flow"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + clientToken())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"allowed_countries\":[\"XX\"]}")).build());
        assertThat(country.status()).as(country.body()).isEqualTo(400);
        assertThat(country.json().get("detail").asString()).contains("allowed_countries");
        Response language = send(HttpRequest.newBuilder(uri("/admin/api/applications/demo/flows/checked-flow"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + clientToken())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"language\":\"zz\"}")).build());
        assertThat(language.status()).as(language.body()).isEqualTo(400);
        assertThat(get("/admin/api/applications/demo/flows/checked-flow", clientToken()).status()).isEqualTo(404);
    }
}
