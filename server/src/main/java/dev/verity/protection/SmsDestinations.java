package dev.verity.protection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.springframework.stereotype.Service;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

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

    private final SmsSendRepository sends;
    private final Clock clock;
    private final ProtectionEventRepository events;

    SmsDestinations(SmsSendRepository sends, Clock clock, ProtectionEventRepository events) {
        this.sends = sends;
        this.clock = clock;
        this.events = events;
    }

    /**
     * @throws DestinationNotAllowedException when a paid message to this E.164 number is refused; the refusal
     *                                        is recorded in the caller's transaction, which should commit it
     */
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
        return sends.blocked(app.id(), prefix(e164), clock.instant()) ? "sms_prefix_blocked" : null;
    }

    /** Records an accepted paid send, and blocks its prefix when recent sends there stopped converting. */
    public void recordSend(Application app, String e164) {
        Instant now = clock.instant();
        String prefix = prefix(e164);
        sends.insertSend(app.id(), prefix, e164, now);
        SmsSendRepository.SendCount recent = sends.count(app.id(), prefix, now.minus(WINDOW));
        if (recent.sends() >= MIN_SENDS && (double) recent.converted() / recent.sends() < MIN_CONVERSION) {
            sends.block(app.id(), prefix, now.plus(BLOCK));
            events.record(app.tenantId(), app.id(), "sms_prefix_blocked_by_guard", prefix);
        }
    }

    /** A code sent to this number was verified: its recent sends count as converted. */
    public void recordConversion(Application app, String e164) {
        Instant now = clock.instant();
        sends.markConverted(app.id(), e164, now, now.minus(WINDOW));
    }

    static String prefix(String e164) {
        return e164.length() > 8 ? e164.substring(0, e164.length() - 4) : e164;
    }
}
