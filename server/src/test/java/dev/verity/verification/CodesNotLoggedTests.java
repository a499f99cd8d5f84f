package dev.verity.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.testing.PrivateSmtp;
import dev.verity.testing.VerityHarness;

/**
 * SECURITY.md rule 3: codes are never logged. Issues codes through every outcome of a check (right, wrong,
 * used, expired, superseded, exhausted) and through a failed-then-retried delivery, with Verity's own loggers
 * at TRACE, and scans everything written to the console for the codes read from the mails.
 */
@ExtendWith(OutputCaptureExtension.class)
class CodesNotLoggedTests extends VerityHarness {

    static final String SEND = "/v1/verification/otp/email/send";
    static final String VALIDATE = "/v1/verification/otp/email/validate";
    static final PrivateSmtp SMTP = new PrivateSmtp();

    @DynamicPropertySource
    static void ownSmtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", SMTP::port);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LoggingSystem logging;

    @BeforeEach
    void setUp() {
        SMTP.start();
        logging.setLogLevel("dev.verity", LogLevel.TRACE);
        // an operator debugging requests: Spring MVC would log request bodies here, which carry the codes
        logging.setLogLevel("org.springframework.web", LogLevel.DEBUG);
    }

    @AfterEach
    void tearDown() {
        logging.setLogLevel("dev.verity", null);
        logging.setLogLevel("org.springframework.web", null);
        SMTP.start();
    }

    @Test
    void checkInEveryOutcomeThenNoIssuedCodeAppearsInTheLogs(CapturedOutput output) {
        List<String> codes = new ArrayList<>();

        // right, after a wrong one, then used again
        String verified = uniqueEmail("log-right");
        String token = userToken(createUser(verified));
        String code = sendAndAwaitCode(token, verified);
        codes.add(code);
        assertThat(validate(token, verified, wrongCode(code, 0)).status()).isEqualTo(400);
        assertThat(validate(token, verified, code).status()).isEqualTo(200);
        assertThat(validate(token, verified, code).status()).isEqualTo(400);

        // expired
        String expiring = uniqueEmail("log-expired");
        String expiringToken = userToken(createUser(expiring));
        String expiredCode = sendAndAwaitCode(expiringToken, expiring);
        codes.add(expiredCode);
        clock.advance(Duration.ofMinutes(11));
        assertThat(validate(expiringToken, expiring, expiredCode).body()).contains("expired_otp");
        clock.reset();

        // superseded, then exhausted by wrong guesses
        String resent = uniqueEmail("log-resent");
        String resentToken = userToken(createUser(resent));
        String old = sendAndAwaitCode(resentToken, resent);
        codes.add(old);
        String fresh = old;
        while (fresh.equals(old)) { // one in a million: a new code equal to the old one
            clock.advance(Duration.ofSeconds(31));
            fresh = sendAndAwaitCode(resentToken, resent);
            codes.add(fresh);
        }
        assertThat(validate(resentToken, resent, old).body()).contains("invalid_otp");
        for (int i = 1; i <= 5; i++) {
            assertThat(validate(resentToken, resent, wrongCode(fresh, i)).body()).contains("invalid_otp");
        }
        assertThat(validate(resentToken, resent, fresh).body()).contains("invalid_otp");

        // delivery fails while the mail server is down, then succeeds
        String delayed = uniqueEmail("log-delayed");
        String delayedToken = userToken(createUser(delayed));
        SMTP.stop();
        assertThat(postJson(SEND, delayedToken, "{\"email\":\"" + delayed + "\"}").status()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> row = outboxRow(delayed);
            return row != null && ((Number) row.get("attempts")).intValue() >= 1 && row.get("last_error") != null;
        });
        String failedMessageId = (String) outboxRow(delayed).get("id");
        SMTP.start();
        String delayedCode = codeIn(SMTP.awaitMail(delayed, 1));
        codes.add(delayedCode);
        assertThat(validate(delayedToken, delayed, delayedCode).status()).isEqualTo(200);

        String logs = output.getAll();
        // the capture does see the application's log lines, including the dispatcher's threads
        assertThat(logs).contains(failedMessageId);
        assertThat(codes).hasSizeGreaterThanOrEqualTo(5).allSatisfy(c -> assertThat(c).matches("\\d{6}"));
        assertThat(codes).allSatisfy(c -> assertThat(Pattern.compile("(?<!\\d)" + c + "(?!\\d)").matcher(logs).find())
                .as("code %s appears in the log output", c)
                .isFalse());
    }

    Response validate(String token, String email, String passcode) {
        return postJson(VALIDATE, token, "{\"email\":\"" + email + "\",\"passcode\":\"" + passcode + "\"}");
    }

    String sendAndAwaitCode(String token, String email) {
        int before = SMTP.mailTo(email).size();
        Response sent = postJson(SEND, token, "{\"email\":\"" + email + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        return codeIn(SMTP.awaitMail(email, before + 1));
    }

    Map<String, Object> outboxRow(String recipient) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT id, attempts, last_error FROM outbox_messages WHERE recipient = ?")
                .param(recipient).query().listOfRows();
        return rows.isEmpty() ? null : rows.get(0);
    }

    static String wrongCode(String code, int i) {
        return OtpCheckTests.wrongCode(code, i);
    }
}
