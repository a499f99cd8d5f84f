package dev.verity.onboarding;

/**
 * Where a registration stands, in Verifik's words. Only Verity sets {@code STARTED}; a holder moves the
 * registration on with {@code sync}, and a final status is never left again, so a webhook receiver sees at
 * most one outcome per registration.
 */
public enum RegistrationStatus {
    STARTED(OnboardingEvent.APP_REGISTRATION_CREATED),
    ONGOING(OnboardingEvent.APP_REGISTRATION_ONGOING),
    COMPLETED_WITHOUT_KYC(OnboardingEvent.APP_REGISTRATION_COMPLETED_WITHOUT_KYC),
    COMPLETED(OnboardingEvent.APP_REGISTRATION_COMPLETED),
    FAILED(OnboardingEvent.APP_REGISTRATION_FAILED),
    NEEDS_MANUAL_VERIFICATION(OnboardingEvent.APP_REGISTRATION_NEEDS_MANUAL_VERIFICATION);

    private final OnboardingEvent event;

    RegistrationStatus(OnboardingEvent event) {
        this.event = event;
    }

    /** The status as the wire and the database spell it; null when it is none of Verifik's. */
    public static RegistrationStatus parse(String text) {
        for (RegistrationStatus status : values()) {
            if (status.name().equals(text)) {
                return status;
            }
        }
        return null;
    }

    /** The webhook event that reports reaching this status. */
    OnboardingEvent event() {
        return event;
    }

    boolean isFinal() {
        return this != STARTED && this != ONGOING;
    }
}
