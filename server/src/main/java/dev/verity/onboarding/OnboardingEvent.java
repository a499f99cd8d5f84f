package dev.verity.onboarding;

import java.util.Locale;

/**
 * Every webhook event onboarding can publish (API.md, "v2"), so that nothing a caller sends can become part
 * of an event type. The wire name is the constant's name in lower case; {@code otp_incorect} keeps Verifik's
 * spelling.
 */
public enum OnboardingEvent {
    APP_REGISTRATION_CREATED,
    APP_REGISTRATION_ONGOING,
    APP_REGISTRATION_COMPLETED_WITHOUT_KYC,
    APP_REGISTRATION_COMPLETED,
    APP_REGISTRATION_FAILED,
    APP_REGISTRATION_NEEDS_MANUAL_VERIFICATION,
    EMAIL_VALIDATION_CREATED,
    EMAIL_VALIDATION_RESEND,
    EMAIL_VALIDATION_VALIDATED,
    EMAIL_VALIDATION_OTP_INCORECT,
    EMAIL_VALIDATION_EXPIRED,
    EMAIL_VALIDATION_FAILED,
    PHONE_VALIDATION_CREATED,
    PHONE_VALIDATION_RESEND,
    PHONE_VALIDATION_VALIDATED,
    PHONE_VALIDATION_OTP_INCORECT,
    PHONE_VALIDATION_EXPIRED,
    PHONE_VALIDATION_FAILED;

    /** What happens to a validation; each kind has its own event for it. */
    enum ValidationChange {
        CREATED, RESEND, VALIDATED, OTP_INCORECT, EXPIRED, FAILED
    }

    static OnboardingEvent of(Validation.Kind kind, ValidationChange change) {
        return switch (kind) {
            case EMAIL -> switch (change) {
                case CREATED -> EMAIL_VALIDATION_CREATED;
                case RESEND -> EMAIL_VALIDATION_RESEND;
                case VALIDATED -> EMAIL_VALIDATION_VALIDATED;
                case OTP_INCORECT -> EMAIL_VALIDATION_OTP_INCORECT;
                case EXPIRED -> EMAIL_VALIDATION_EXPIRED;
                case FAILED -> EMAIL_VALIDATION_FAILED;
            };
            case PHONE -> switch (change) {
                case CREATED -> PHONE_VALIDATION_CREATED;
                case RESEND -> PHONE_VALIDATION_RESEND;
                case VALIDATED -> PHONE_VALIDATION_VALIDATED;
                case OTP_INCORECT -> PHONE_VALIDATION_OTP_INCORECT;
                case EXPIRED -> PHONE_VALIDATION_EXPIRED;
                case FAILED -> PHONE_VALIDATION_FAILED;
            };
        };
    }

    /** The event name after the flow type, e.g. {@code email_validation_otp_incorect}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
