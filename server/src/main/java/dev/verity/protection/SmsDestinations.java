package dev.verity.protection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import dev.verity.shared.Ids;
import dev.verity.tenancy.Application;

/**
 * Where SMS may go (SECURITY.md rule 12). A number must be in one of the application's {@code sms_countries}
 * (when it lists any) and must not be of a type that bills the sender or hides where it lands — premium rate,
 * shared cost, UAN or unknown — which is what SMS pumping fraud sends to. On top, a conversion-rate guard
 * watches each number prefix (the number without its last four digits): when at least
 * {@value #MIN_SENDS} codes went to a prefix within an hour and fewer than one in five was ever verified, the
 * prefix is blocked for 12 hours.
 */
@Service
public class SmsDestinations {

    static final int MIN_SENDS = 10;
    static final double MIN_CONVERSION = 0.2;
    static final Duration WINDOW = Duration.ofHours(1);
    static final Duration BLOCK = Duration.ofHours(12);
    private static final Set<PhoneNumberType> REFUSED_TYPES = Set.of(PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.SHARED_COST, PhoneNumberType.UAN, PhoneNumberType.UNKNOWN);
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ProtectionEvents events;

    SmsDestinations(JdbcClient jdbc, Clock clock, ProtectionEvents events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** @throws DestinationNotAllowedException when SMS to this E.164 number is refused */
    public void requireAllowed(Application app, String e164) {
        String reason = refusal(app, e164);
        if (reason != null) {
            events.record(app.tenantId(), app.id(), reason, e164);
            throw new DestinationNotAllowedException();
        }
    }

    private String refusal(Application app, String e164) {
        PhoneNumber number;
        try {
            number = PHONES.parse(e164, null);
        } catch (NumberParseException e) {
            return "sms_number_invalid";
        }
        String region = PHONES.getRegionCodeForNumber(number);
        if (!app.smsCountries().isEmpty() && (region == null || !app.smsCountries().contains(region))) {
            return "sms_country_refused";
        }
        if (REFUSED_TYPES.contains(PHONES.getNumberType(number))) {
            return "sms_number_type_refused";
        }
        Instant now = clock.instant();
        boolean blocked = jdbc.sql("SELECT COUNT(*) FROM blocked_prefixes WHERE application_id = ? AND prefix = ? "
                        + "AND blocked_until > ?")
                .params(app.id(), prefix(e164), now.atOffset(ZoneOffset.UTC)).query(Long.class).single() > 0;
        return blocked ? "sms_prefix_blocked" : null;
    }

    /** Records an accepted SMS send, and blocks its prefix when recent sends there stopped converting. */
    public void recordSend(Application app, String e164) {
        Instant now = clock.instant();
        String prefix = prefix(e164);
        jdbc.sql("INSERT INTO sms_sends (id, application_id, prefix, destination, sent_at) VALUES (?, ?, ?, ?, ?)")
                .params(Ids.newId(), app.id(), prefix, e164, now.atOffset(ZoneOffset.UTC)).update();
        var since = now.minus(WINDOW).atOffset(ZoneOffset.UTC);
        long sends = jdbc.sql("SELECT COUNT(*) FROM sms_sends WHERE application_id = ? AND prefix = ? AND sent_at > ?")
                .params(app.id(), prefix, since).query(Long.class).single();
        if (sends < MIN_SENDS) {
            return;
        }
        long converted = jdbc.sql("SELECT COUNT(*) FROM sms_sends WHERE application_id = ? AND prefix = ? "
                        + "AND sent_at > ? AND converted_at IS NOT NULL")
                .params(app.id(), prefix, since).query(Long.class).single();
        if ((double) converted / sends < MIN_CONVERSION) {
            var until = now.plus(BLOCK).atOffset(ZoneOffset.UTC);
            int updated = jdbc.sql("UPDATE blocked_prefixes SET blocked_until = ? WHERE application_id = ? AND prefix = ?")
                    .params(until, app.id(), prefix).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO blocked_prefixes (application_id, prefix, blocked_until) VALUES (?, ?, ?) "
                                + "ON CONFLICT DO NOTHING")
                        .params(app.id(), prefix, until).update();
            }
            events.record(app.tenantId(), app.id(), "sms_prefix_blocked_by_guard", prefix);
        }
    }

    /** A code sent to this number was verified: its recent sends count as converted. */
    public void recordConversion(Application app, String e164) {
        jdbc.sql("UPDATE sms_sends SET converted_at = ? WHERE application_id = ? AND destination = ? "
                        + "AND converted_at IS NULL AND sent_at > ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), app.id(), e164,
                        clock.instant().minus(WINDOW).atOffset(ZoneOffset.UTC))
                .update();
    }

    static String prefix(String e164) {
        return e164.length() > 8 ? e164.substring(0, e164.length() - 4) : e164;
    }
}
