package dev.verity.onboarding;

/**
 * An onboarding outcome other than success. The dialect maps each {@link Reason} to its own wire codes;
 * {@code kind} says which validation kind it concerns, when it concerns one.
 */
public class OnboardingException extends RuntimeException {

    public enum Reason {
        PROJECT_NOT_FOUND, FLOW_NOT_FOUND, REGISTRATION_NOT_FOUND, VALIDATION_NOT_FOUND, VALIDATION_EXPIRED,
        OTP_MISMATCH, TOO_MANY_ATTEMPTS, SIGN_UP_NOT_PASSED, AUTHENTICATION_REQUIRED, COUNTRY_NOT_ALLOWED,
        GATEWAY_DISABLED, INVALID_STEP, INVALID_STATUS, REGISTRATION_FINISHED
    }

    private final Reason reason;
    private final Validation.Kind kind;

    public OnboardingException(Reason reason) {
        this(reason, null);
    }

    public OnboardingException(Reason reason, Validation.Kind kind) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.kind = kind;
    }

    public Reason reason() {
        return reason;
    }

    public Validation.Kind kind() {
        return kind;
    }
}
