package dev.verity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;

/**
 * The portal's security chain at the HTTP level (SECURITY.md rule 18): pages need a session, log-in needs the
 * form's CSRF token, the session cookie is HttpOnly and SameSite=Lax, pages carry a CSP without inline script,
 * and the admin API beside it stays stateless.
 */
@BothDatabases
class PortalSecurityTests extends VerityHarness {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient browserLike = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    private HttpResponse<String> fetch(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest loginPost(String username, String password, String csrf) {
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + (csrf == null ? "" : "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri("/admin/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    @Test
    void pagesNeedASessionAndTheLogInPageIsLockedDown() throws Exception {
        HttpResponse<String> dashboard = fetch(HttpClient.newHttpClient(), HttpRequest.newBuilder(uri("/admin/")).build());
        assertThat(dashboard.statusCode()).isEqualTo(302);
        assertThat(dashboard.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");

        HttpResponse<String> login = fetch(browserLike, HttpRequest.newBuilder(uri("/admin/login")).build());
        assertThat(login.statusCode()).isEqualTo(200);
        String csp = login.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "form-action 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax"));
        assertThat(login.body()).doesNotContain("<script>").doesNotContain("style=");
    }

    @Test
    void logInWithoutTheFormsCsrfTokenIsRefusedAndWithItSucceeds() throws Exception {
        fetch(browserLike, HttpRequest.newBuilder(uri("/admin/login")).build());
        HttpResponse<String> forged = fetch(browserLike, loginPost("admin", "correct-horse-battery-staple", null));
        assertThat(forged.statusCode()).isEqualTo(403);

        HttpResponse<String> page = fetch(browserLike, HttpRequest.newBuilder(uri("/admin/login")).build());
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as(page.body()).isTrue();
        HttpResponse<String> ok = fetch(browserLike, loginPost("admin", "correct-horse-battery-staple", csrf.group(1)));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).endsWith("/admin/");
        HttpResponse<String> dashboard = fetch(browserLike, HttpRequest.newBuilder(uri("/admin/")).build());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Dashboard", "admin · acme");
    }

    @Test
    void theAdminApiBesideThePortalStaysStatelessAndTakesNoSessionCookie() throws Exception {
        HttpResponse<String> api = fetch(browserLike, HttpRequest.newBuilder(uri("/admin/api/clients"))
                .header("Authorization", "Bearer " + clientToken()).build());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> noToken = fetch(browserLike, HttpRequest.newBuilder(uri("/admin/api/clients")).build());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Content-Type").orElse("")).contains("json");
    }

    @Test
    void aWrongPasswordLeadsBackToTheLogInPageWithAnError() throws Exception {
        HttpResponse<String> page = fetch(browserLike, HttpRequest.newBuilder(uri("/admin/login")).build());
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as(page.body()).isTrue();
        HttpResponse<String> wrong = fetch(browserLike, loginPost("admin", "not-the-password", csrf.group(1)));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(302);
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login?error");
        HttpResponse<String> shown = fetch(browserLike, HttpRequest.newBuilder(uri("/admin/login?error")).build());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"login-error\"");
    }
}
