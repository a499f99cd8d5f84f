package dev.verity.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.Client;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.tenancy.TenancyService;
import dev.verity.testing.BothDatabases;
import dev.verity.testing.HeadlessChromium;
import dev.verity.testing.VerityHarness;

/**
 * The admin portal in headless Chromium: log in, watch the dashboard's numbers move after a verification, log
 * out, and get locked out after failed log-ins. Every page must log no console error and pass an axe-core scan
 * (vendored in src/test/resources/axe) with no serious or critical violation; each page's screenshot goes to
 * {@code target/portal-screenshots/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them the test fails (CI installs them).
 */
@BothDatabases
class PortalBrowserTests extends VerityHarness {

    static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    static final String ADMIN_PASSWORD = "correct-horse-battery-staple";
    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/verify/email/\\S+)");

    @Autowired
    TenancyService tenancy;

    HeadlessChromium chromium;
    WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = HeadlessChromium.start();
        browser = chromium.browser();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void adminLogsInAndTheDashboardCountsAVerification() throws Exception {
        browser.get(uri("/admin/").toString());
        assertThat(browser.getCurrentUrl()).as("no session: the log-in page").endsWith("/admin/login");
        checkPage("login");

        logIn("admin", ADMIN_PASSWORD);
        assertThat(browser.getCurrentUrl()).endsWith("/admin/");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        long before = verifiedEmails();

        String email = uniqueEmail("portal-dashboard");
        String token = userToken(createUser(email));
        assertThat(postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(200);
        assertThat(postJson("/v1/verification/otp/email/validate", token, "{\"email\":\"" + email
                + "\",\"passcode\":\"" + awaitCode(email) + "\"}").status()).isEqualTo(200);

        browser.navigate().refresh();
        assertThat(verifiedEmails()).isEqualTo(before + 1);
        checkPage("dashboard");

        WebElement logout = browser.findElement(By.id("logout"));
        logout.click();
        awaitPageAfter(logout);
        assertThat(browser.getCurrentUrl()).contains("/admin/login?logout");
        assertThat(browser.findElement(By.id("logged-out")).getText()).contains("logged out");
        browser.get(uri("/admin/").toString());
        assertThat(browser.getCurrentUrl()).as("the session ended").endsWith("/admin/login");
    }

    @Test
    void failedLogInsLockTheAccountEvenForTheRightPassword() throws Exception {
        String name = "locked-" + UUID.randomUUID().toString().substring(0, 8);
        tenancy.saveAdmin("acme", name, "the-right-password-1");
        for (int i = 1; i < PortalLogins.MAX_FAILURES; i++) {
            logIn(name, "wrong-password-" + i);
            assertThat(browser.getCurrentUrl()).as("attempt %d", i).endsWith("/admin/login?error");
            assertThat(browser.findElement(By.id("login-error")).getText()).contains("wrong");
        }
        logIn(name, "wrong-password-last");
        assertThat(browser.findElement(By.id("login-locked")).getText()).contains("locked");
        checkPage("login-locked");

        logIn(name, "the-right-password-1");
        assertThat(browser.getCurrentUrl()).contains("/admin/login?locked");
        assertThat(browser.findElements(By.tagName("nav"))).isEmpty();

        // another admin is not affected
        logIn("admin", ADMIN_PASSWORD);
        assertThat(browser.getCurrentUrl()).endsWith("/admin/");
    }

    @Test
    void redirectUriAddedInThePortalIsWhereAMagicLinkLands() throws Exception {
        WireMockServer application = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        application.start();
        try {
            application.stubFor(WireMock.get(urlPathEqualTo("/portal-done")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "text/html; charset=utf-8")
                    .withBody("<!DOCTYPE html><html lang=\"en\"><title>Back</title><h1 id=\"back\">Back</h1></html>")));
            String appId = "portal-" + UUID.randomUUID().toString().substring(0, 8);
            String secret = "portal-backend-secret-" + UUID.randomUUID();
            tenancy.saveApplication(new Application(appId, "acme", "Portal App " + appId, OtpPolicy.DEFAULT, List.of("en"),
                    List.of()));
            tenancy.saveClient(new Client(appId + "-backend", "acme", appId, Set.of()), secret);
            String redirect = "http://localhost:" + application.port() + "/portal-done";

            logIn("admin", ADMIN_PASSWORD);
            browser.get(uri("/admin/applications").toString());
            checkPage("applications");
            WebElement open = browser.findElement(By.linkText("Portal App " + appId));
            open.click();
            awaitPageAfter(open);
            assertThat(browser.findElements(By.id("no-redirects"))).isNotEmpty();

            // a refused URI: the reason beside the field, what was typed kept, nothing saved
            addRedirectUri("http://evil.example.com/portal-done");
            assertThat(browser.findElement(By.id("uri-error")).getText()).contains("http only on localhost");
            assertThat(browser.findElement(By.id("uri")).getAttribute("value")).isEqualTo("http://evil.example.com/portal-done");
            assertThat(browser.findElement(By.id("uri")).getAttribute("aria-describedby")).isEqualTo("uri-error");
            assertThat(tenancy.application(appId).orElseThrow().redirectUris()).isEmpty();
            checkPage("application-refused-uri");

            browser.findElement(By.id("uri")).clear();
            addRedirectUri(redirect);
            assertThat(browser.findElement(By.id("notice")).getText()).contains("Added");
            assertThat(browser.findElement(By.id("redirect-uris")).getText()).contains(redirect);
            checkPage("application");

            String email = uniqueEmail("portal-link");
            String user = userToken(appId + "-backend", secret, createUser(email));
            Response sent = postJson("/v1/verification/links/email", user, "{\"email\":\"" + email
                    + "\",\"redirect_uri\":\"" + redirect + "\"}");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            browser.get(uri(linkPathIn(email)).toString());
            WebElement confirm = browser.findElement(By.id("confirm"));
            confirm.click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/portal-done"));
            assertThat(browser.getCurrentUrl()).isEqualTo(redirect + "?result=true");

            assertThat(get("/admin/api/audit-log", clientToken()).body()).contains("\"actor\":\"admin:admin\"",
                    "\"target\":\"application:" + appId + "\"");
        } finally {
            application.stop();
        }
    }

    @Test
    void clientAddedInThePortalWorksUntilItsSecretIsRotatedAndThenItIsRevoked() throws Exception {
        String id = "portal-client-" + UUID.randomUUID().toString().substring(0, 8);
        logIn("admin", ADMIN_PASSWORD);
        browser.get(uri("/admin/clients").toString());
        checkPage("clients");

        submitClient(id);
        String first = browser.findElement(By.id("secret")).getText();
        assertThat(first).hasSizeGreaterThanOrEqualTo(40);
        checkPage("clients-new-secret");
        clientToken(id, first);

        // the same id again: the reason beside the field, nothing shown as a secret
        browser.get(uri("/admin/clients").toString());
        submitClient(id);
        assertThat(browser.findElement(By.id("client-id-error")).getText()).contains("already taken");
        assertThat(browser.findElements(By.id("secret"))).isEmpty();

        WebElement rotate = browser.findElement(By.cssSelector("tr[data-client='" + id + "'] button.rotate"));
        rotate.click();
        awaitPageAfter(rotate);
        String second = browser.findElement(By.id("secret")).getText();
        assertThat(second).isNotEqualTo(first);
        assertThat(postForm("/oidc/token", id, first, Map.of("grant_type", "client_credentials")).status())
                .as("the old secret").isEqualTo(401);
        String token = clientToken(id, second);
        browser.navigate().refresh();
        // a page loaded again shows no secret: it was in that one answer only
        browser.get(uri("/admin/clients").toString());
        assertThat(browser.findElements(By.id("secret"))).isEmpty();

        WebElement revoke = browser.findElement(By.cssSelector("tr[data-client='" + id + "'] button.revoke"));
        revoke.click();
        awaitPageAfter(revoke);
        assertThat(browser.findElement(By.id("notice")).getText()).contains("revoked");
        assertThat(browser.findElements(By.cssSelector("tr[data-client='" + id + "']"))).isEmpty();
        assertThat(postForm("/oidc/token", id, second, Map.of("grant_type", "client_credentials")).status())
                .isEqualTo(401);
        assertThat(postJson("/v1/users", token, "{\"email\":\"" + uniqueEmail("revoked-portal") + "\"}").status())
                .as("a token it was issued").isEqualTo(401);
    }

    @Test
    void codeReadInTheDevInboxPageValidatesAndTheAuditLogPageShowsChanges() throws Exception {
        String number = "+1415558" + (1000 + new java.util.Random().nextInt(8999));
        String token = userToken(createUser(uniqueEmail("portal-inbox")));
        Response sent = postJson("/v1/verification/otp/sms/send", token, "{\"phone_number\":\"" + number + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        logIn("admin", ADMIN_PASSWORD);
        By message = By.cssSelector("article[data-recipient='" + number + "'] pre");
        long deadline = System.nanoTime() + 20_000_000_000L;
        do {
            browser.get(uri("/admin/dev-inbox").toString());
        } while (browser.findElements(message).isEmpty() && System.nanoTime() < deadline);
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(browser.findElement(message).getText());
        assertThat(code.find()).as(browser.findElement(message).getText()).isTrue();
        checkPage("dev-inbox");

        Response validated = postJson("/v1/verification/otp/sms/validate", token,
                "{\"phone_number\":\"" + number + "\",\"passcode\":\"" + code.group(1) + "\"}");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);

        browser.get(uri("/admin/audit-log").toString());
        assertThat(browser.findElements(By.cssSelector("#audit-log tbody tr"))).isNotEmpty();
        checkPage("audit-log");
    }

    private void submitClient(String id) {
        browser.findElement(By.id("client-id")).sendKeys(id);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("client-application"))).selectByValue("other");
        WebElement add = browser.findElement(By.id("add-client"));
        add.click();
        awaitPageAfter(add);
    }

    private void addRedirectUri(String value) {
        browser.findElement(By.id("uri")).sendKeys(value);
        WebElement add = browser.findElement(By.id("add-uri"));
        add.click();
        awaitPageAfter(add);
    }

    /** The path of the magic link mailed to {@code email} (the mail names Verity's public URL; the test's port differs). */
    private static String linkPathIn(String email) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (mailTo(email).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(mailTo(email)).as("the link's mail").isNotEmpty();
        Matcher link = LINK.matcher(textPart(mailTo(email).get(0)));
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    private void logIn(String username, String password) {
        browser.get(uri("/admin/login").toString());
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement button = browser.findElement(By.id("log-in"));
        button.click();
        awaitPageAfter(button);
    }

    /**
     * Waits until the page that held {@code element} has gone and the next one has loaded. ChromeDriver reports a
     * node of a document being replaced either as stale or as "does not belong to the document": both mean gone.
     */
    private void awaitPageAfter(WebElement element) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
        wait.until(driver -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    /** The email row's "verified" count in the 24-hour table (0 when the row is not there yet). */
    private long verifiedEmails() {
        List<WebElement> cells = browser.findElements(By.cssSelector("#day-counts tr[data-channel='email'] td.verified"));
        return cells.isEmpty() ? 0 : Long.parseLong(cells.get(0).getText());
    }

    /** No console error, no serious accessibility violation; a screenshot for the README and the reviewers. */
    private void checkPage(String name) throws IOException {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors on %s", name).isEmpty();

        String axe;
        try (InputStream in = PortalBrowserTests.class.getResourceAsStream("/axe/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(axe);
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document).then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact,"
                        + " nodes: v.nodes.length}))})).catch(e => done({error: String(e)}));");
        assertThat(results.get("error")).as("axe on %s", name).isNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) results.get("violations");
        assertThat(violations.stream().filter(v -> List.of("serious", "critical").contains(v.get("impact"))).toList())
                .as("serious accessibility violations on %s", name).isEmpty();

        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);

        // readable on a 360 px wide phone: nothing wider than the screen, so no sideways scrolling
        Dimension wide = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(360, 800));
        try {
            Object overflow = js.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).longValue()).as("sideways overflow of %s at 360 px", name).isLessThanOrEqualTo(0);
        } finally {
            browser.manage().window().setSize(wide);
        }
    }
}
