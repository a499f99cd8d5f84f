package dev.verity.api.v1;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.verity.testing.BothDatabases;

/**
 * The magic link as a person uses it, in headless Chromium: open the link exactly as mailed, click Confirm,
 * land on the application's page with {@code result=true}. The application is a local WireMock server
 * whose {@code http://localhost:<port>/done} is allowed by the registered {@code http://localhost/done}
 * (any port on loopback, RFC 8252). A real browser also enforces the page's CSP, including
 * {@code form-action} on the 303 that leaves Verity.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them the test fails (CI installs
 * them), it is never skipped.
 */
@BothDatabases
class EmailLinkBrowserTests extends MagicLinkSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @DynamicPropertySource
    static void servedHere(DynamicPropertyRegistry registry) {
        servedAtMailedUrl(registry);
    }

    static WireMockServer application;
    Path profile;
    WebDriver browser;

    @BeforeAll
    static void startApplication() {
        application = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        application.start();
        application.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/done")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><title>Welcome back</title><h1 id=\"done\">Welcome back</h1>")));
    }

    @AfterAll
    static void stopApplication() {
        if (application != null) {
            application.stop();
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("headless Chromium is required at %s (Debian package 'chromium'; CI installs it)", CHROMIUM)
                .isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER))
                .as("ChromeDriver is required at %s (Debian package 'chromium-driver'; CI installs it)", CHROMEDRIVER)
                .isTrue();
        profile = Files.createTempDirectory("verity-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
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
    void openMailedLinkAndClickConfirmThenArriveAtApplicationWithResultTrue() {
        String email = uniqueEmail("browser");
        String token = userToken(createUser(email));
        String redirectUri = "http://localhost:" + application.port() + "/done";

        String link = sendAndReceiveLink(token, email, redirectUri, false);
        browser.get(link);

        assertThat(browser.getTitle()).isEqualTo("Confirm your email address");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(email);
        assertThat(me(token).at("/email/email_verified").asBoolean()).as("opening the page verifies nothing").isFalse();

        browser.findElement(By.id("confirm")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/done"));

        assertThat(browser.getCurrentUrl()).isEqualTo(redirectUri + "?result=true");
        assertThat(browser.findElement(By.id("done")).getText()).isEqualTo("Welcome back");
        application.verify(getRequestedFor(urlPathEqualTo("/done")).withQueryParam("result", equalTo("true"))
                .withoutHeader("Referer"));
        assertThat(me(token).at("/email/value").asString()).isEqualTo(email);
        assertThat(me(token).at("/email/email_verified").asBoolean()).isTrue();

        // back to the mail and clicking again: the page says the link is spent and leads back with result=false
        browser.get(link);
        assertThat(browser.getTitle()).isEqualTo(INVALID_PAGE_TITLE);
        assertThat(browser.findElements(By.id("confirm"))).isEmpty();
    }
}
