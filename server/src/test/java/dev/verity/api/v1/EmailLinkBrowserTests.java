package dev.verity.api.v1;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.HeadlessChromium;

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

    @DynamicPropertySource
    static void servedHere(DynamicPropertyRegistry registry) {
        servedAtMailedUrl(registry);
    }

    static WireMockServer application;
    HeadlessChromium chromium;
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
    void startBrowser() {
        chromium = HeadlessChromium.start();
        browser = chromium.browser();
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
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
