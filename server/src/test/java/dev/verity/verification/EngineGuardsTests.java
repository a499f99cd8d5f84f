package dev.verity.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.verity.tenancy.Application;
import dev.verity.testing.BothDatabases;
import dev.verity.testing.TestApplications;
import dev.verity.testing.VerityHarness;

/**
 * The engine's guards hold for a caller that is neither v1 nor v2: an "audit" caller that uses the engine
 * directly, with no HTTP and no dialect, gets the cooldown, the send and check budgets, the daily paid budget
 * and the SMS destination rules without charging or checking any of them itself (ARCHITECTURE.md, one door).
 */
@BothDatabases
class EngineGuardsTests extends VerityHarness {

    private static final String ORIGIN = "audit";
    private static final String PURPOSE = "audit";

    @Autowired
    VerificationEngine engine;

    @Autowired
    JdbcClient jdbc;

    @Test
    void issueWhenACallerOfItsOwnResendsThenCooldownAndAddressBudgetRefuseAndChargeNothing() {
        Application app = TestApplications.application().limit("resend_cooldown", "30s")
                .limit("sends_per_address", "2/10m").build();
        String subject = subject();
        String email = uniqueEmail("audit");

        assertThat(issue(app, subject, Channel.EMAIL, email).isRefused()).isFalse();
        Outcome<Issued> inCooldown = issue(app, subject, Channel.EMAIL, email);
        assertThatThrownBy(inCooldown::orThrow).isInstanceOf(BudgetSpentException.class)
                .satisfies(e -> assertThat(((BudgetSpentException) e).retryAfterSeconds()).isBetween(1L, 30L));
        clock.advance(Duration.ofSeconds(30));
        assertThat(issue(app, subject, Channel.EMAIL, email).isRefused()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(issue(app, subject, Channel.EMAIL, email)::orThrow).isInstanceOf(BudgetSpentException.class);

        assertThat(challenges(subject)).as("refused sends write no challenge").isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM protection_events WHERE application_id = ? AND kind = 'send_rate_limited'")
                .param(app.id()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void issueWhenACallerOfItsOwnSendsSmsThenTheDestinationRulesAndTheDailyBudgetHold() {
        Application app = TestApplications.application().smsCountries("US").limit("sms_per_day", "2").build();

        assertThatThrownBy(issue(app, subject(), Channel.SMS, "+34612345678")::orThrow)
                .isInstanceOf(DestinationRefusedException.class);
        assertThatThrownBy(issue(app, subject(), Channel.WHATSAPP, "+19005550123")::orThrow)
                .as("premium rate, over WhatsApp too").isInstanceOf(DestinationRefusedException.class);
        assertThat(jdbc.sql("SELECT kind FROM protection_events WHERE application_id = ? ORDER BY kind")
                .param(app.id()).query(String.class).list()).containsExactly("sms_country_refused",
                        "sms_number_type_refused");

        assertThat(issue(app, subject(), Channel.SMS, "+14155552671").orThrow().messageId()).isNotNull();
        assertThat(issue(app, subject(), Channel.WHATSAPP, "+14155552672").orThrow().messageId()).isNotNull();
        assertThatThrownBy(issue(app, subject(), Channel.SMS, "+14155552673")::orThrow)
                .as("the daily paid budget is the application's, across numbers, subjects and channels")
                .isInstanceOf(BudgetSpentException.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sms_sends WHERE application_id = ?").param(app.id())
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void checkWhenACallerOfItsOwnGuessesThenTheFailedCheckBudgetRefusesEvenTheRightCode() {
        Application app = TestApplications.application().limit("failed_checks_per_address", "3/24h").build();
        String subject = subject();
        String email = uniqueEmail("guess");
        ChallengeKey key = key(app, subject, Channel.EMAIL, email);
        engine.issue(new SendRequest(app, key, new Secret.DemoCode("424242", Duration.ofMinutes(10), 10),
                Wording.of("en", app.name()), null, ORIGIN), SendCaller.plain()).orThrow();
        boolean[] verified = {false};
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(engine.check(new CheckRequest(app, key, "000000", ORIGIN), () -> verified[0] = true)::orThrow)
                    .isInstanceOf(CodeInvalidException.class);
        }
        assertThatThrownBy(engine.check(new CheckRequest(app, key, "424242", ORIGIN), () -> verified[0] = true)::orThrow)
                .isInstanceOf(BudgetSpentException.class);
        assertThat(verified[0]).isFalse();
        assertThat(jdbc.sql("SELECT status FROM challenges WHERE subject_id = ?").param(subject).query(String.class)
                .single()).isEqualTo("pending");
    }

    private Outcome<Issued> issue(Application app, String subject, Channel channel, String destination) {
        return engine.issue(new SendRequest(app, key(app, subject, channel, destination),
                new Secret.Code(6, Duration.ofMinutes(10), 5), Wording.of("en", app.name()), "203.0.113.7", ORIGIN),
                SendCaller.plain());
    }

    private static ChallengeKey key(Application app, String subject, Channel channel, String destination) {
        return new ChallengeKey(app.tenantId(), app.id(), subject, channel, PURPOSE, destination);
    }

    private long challenges(String subject) {
        return jdbc.sql("SELECT COUNT(*) FROM challenges WHERE subject_id = ?").param(subject).query(Long.class).single();
    }

    private static String subject() {
        return UUID.randomUUID().toString();
    }
}
