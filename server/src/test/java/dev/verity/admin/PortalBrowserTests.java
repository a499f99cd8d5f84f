package dev.verity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.verity.tenancy.TenancyService;
import dev.verity.testing.BothDatabases;
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

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    static final String ADMIN_PASSWORD = "correct-horse-battery-staple";

    @Autowired
    TenancyService tenancy;

    Path profile;
    WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM)).as("headless Chromium is required at %s", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("ChromeDriver is required at %s", CHROMEDRIVER).isTrue();
        profile = Files.createTempDirectory("verity-portal-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
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
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(logout));
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

    private void logIn(String username, String password) {
        browser.get(uri("/admin/login").toString());
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement button = browser.findElement(By.id("log-in"));
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(button));
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
    }
}
