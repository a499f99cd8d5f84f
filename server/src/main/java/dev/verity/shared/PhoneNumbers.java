package dev.verity.shared;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Phone numbers through libphonenumber: international input (spaces, dashes, dots allowed), E.164 out. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * @return the number in E.164 form
     * @throws IllegalArgumentException when {@code raw} is not a valid number written with its country code
     */
    public static String toE164(String raw) {
        if (raw == null || raw.length() > 32 || !raw.strip().startsWith("+")
                || raw.chars().anyMatch(c -> Character.isISOControl(c) || Character.isLetter(c))) {
            throw new IllegalArgumentException("must be a valid phone number");
        }
        try {
            PhoneNumber number = UTIL.parse(raw.strip(), null);
            if (!UTIL.isValidNumber(number)) {
                throw new IllegalArgumentException("must be a valid phone number");
            }
            return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("must be a valid phone number", e);
        }
    }

    /** The ISO 3166 region of a valid E.164 number ({@code US}, {@code CO}…), or {@code ZZ} when unknown. */
    public static String regionOf(String e164) {
        try {
            return UTIL.getRegionCodeForNumber(UTIL.parse(e164, null));
        } catch (NumberParseException e) {
            return "ZZ";
        }
    }
}
