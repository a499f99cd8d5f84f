package dev.verity.onboarding;

import java.util.Set;

/**
 * The steps of a Verifik onboarding, in their order, and the statuses each may report: intermediate steps
 * are {@code ONGOING}; {@code skipKYC} ends the flow {@code COMPLETED_WITHOUT_KYC}; {@code end} reports the
 * outcome ({@code COMPLETED}, {@code FAILED} or {@code NEEDS_MANUAL_VERIFICATION}).
 */
public enum RegistrationStep {
    SKIP_KYC("skipKYC", RegistrationStatus.COMPLETED_WITHOUT_KYC),
    INSTRUCTIONS("instructions", RegistrationStatus.ONGOING),
    SIGN_UP_FORM("signUpForm", RegistrationStatus.ONGOING),
    BASIC_INFORMATION("basicInformation", RegistrationStatus.ONGOING),
    DOCUMENT("document", RegistrationStatus.ONGOING),
    LIVENESS("liveness", RegistrationStatus.ONGOING),
    FORM("form", RegistrationStatus.ONGOING),
    END("end", null, RegistrationStatus.COMPLETED, RegistrationStatus.FAILED,
            RegistrationStatus.NEEDS_MANUAL_VERIFICATION);

    private final String wireName;
    private final RegistrationStatus defaultStatus;
    private final Set<RegistrationStatus> allowed;

    RegistrationStep(String wireName, RegistrationStatus only) {
        this(wireName, only, only);
    }

    RegistrationStep(String wireName, RegistrationStatus defaultStatus, RegistrationStatus... allowed) {
        this.wireName = wireName;
        this.defaultStatus = defaultStatus;
        this.allowed = Set.of(allowed);
    }

    /** The step as Verifik spells it (case-sensitive); null when it is none of Verifik's. */
    public static RegistrationStep parse(String text) {
        for (RegistrationStep step : values()) {
            if (step.wireName.equals(text)) {
                return step;
            }
        }
        return null;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The status a sync of this step reports: the one given if the step allows it, the step's own when none
     * is given and the step has only one; otherwise null (the outcome of {@code end} must be said).
     */
    RegistrationStatus status(String requested) {
        if (requested == null) {
            return defaultStatus;
        }
        RegistrationStatus status = RegistrationStatus.parse(requested);
        return status != null && allowed.contains(status) ? status : null;
    }

    /**
     * Whether reporting {@code status} at this step needs every gateway's validation done: every step from
     * {@code signUpForm} on, and every completion. Only reading the instructions and giving up do not.
     */
    boolean needsSignUp(RegistrationStatus status) {
        return this != INSTRUCTIONS && status != RegistrationStatus.FAILED;
    }
}
