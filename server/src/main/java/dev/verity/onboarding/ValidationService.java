package dev.verity.onboarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.onboarding.OnboardingEvent.ValidationChange;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.ProjectFlow;
import dev.verity.tenancy.TenancyService;
import dev.verity.verification.ChallengeKey;
import dev.verity.verification.Channel;
import dev.verity.verification.CheckCaller;
import dev.verity.verification.CheckRequest;
import dev.verity.verification.CodeAlreadyUsedException;
import dev.verity.verification.CodeExpiredException;
import dev.verity.verification.CodeInvalidException;
import dev.verity.verification.Issued;
import dev.verity.verification.NoPendingCodeException;
import dev.verity.verification.Outcome;
import dev.verity.verification.Secret;
import dev.verity.verification.SendCaller;
import dev.verity.verification.SendRequest;
import dev.verity.verification.VerificationEngine;
import dev.verity.verification.Wording;

/**
 * Email and phone validations of app registrations, on the verification engine: 6-digit codes, 10 minutes by
 * default (a caller's {@code expiresAt} may shorten that), the application's attempt limit. Creating again
 * while a validation for the same address and type is active re-issues its code ({@code existing: true}).
 * Every state change is a webhook event of the registration's flow.
 */
@Service
public class ValidationService {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    /** The name onboarding gives its challenges and events. */
    static final String ORIGIN = "onboarding";
    private static final int CODE_LENGTH = 6;

    private final OnboardingRepository repository;
    private final RegistrationService registrations;
    private final TenancyService tenancy;
    private final VerificationEngine engine;
    private final OnboardingWebhooks webhooks;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ObjectIds ids;

    ValidationService(OnboardingRepository repository, RegistrationService registrations, TenancyService tenancy,
            VerificationEngine engine, OnboardingWebhooks webhooks, TransactionTemplate transaction, Clock clock,
            ObjectIds ids) {
        this.repository = repository;
        this.registrations = registrations;
        this.tenancy = tenancy;
        this.engine = engine;
        this.webhooks = webhooks;
        this.transaction = transaction;
        this.clock = clock;
        this.ids = ids;
    }

    /** A validation to create; {@code destination} is the normalized email or the E.164 phone. */
    public record NewValidation(String project, Validation.Kind kind, String destination, String phone,
            String countryCode, String region, String type, String method, Instant expiresAt, String clientIp) {
    }

    /** The validation and whether it already existed (its code was re-issued). */
    public record Created(Validation validation, boolean existing) {
    }

    /**
     * Creates a validation and issues its code, or re-issues the code of the active one, in the engine's one
     * transaction: the registration is read, the engine's guards run, and the validation row and its event
     * commit with the code. Demo flows store the flow's fixed code and deliver (and charge) nothing.
     */
    public Created create(Registrant principal, NewValidation request) {
        if (!principal.applicationId().equals(request.project())) {
            throw new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND);
        }
        ProjectFlow flow = registrations.flow(principal);
        Application app = application(principal.applicationId());
        if (request.kind() == Validation.Kind.EMAIL ? !flow.needsEmail() : !flow.needsPhone()) {
            throw new OnboardingException(OnboardingException.Reason.GATEWAY_DISABLED, request.kind());
        }
        if (request.kind() == Validation.Kind.PHONE && !flow.allowedCountries().isEmpty()
                && !flow.allowedCountries().contains(request.region())) {
            throw new OnboardingException(OnboardingException.Reason.COUNTRY_NOT_ALLOWED, request.kind());
        }
        Instant now = now();
        Instant expiresAt = request.expiresAt() != null ? request.expiresAt().truncatedTo(ChronoUnit.MILLIS)
                : now.plus(DEFAULT_TTL);
        Duration ttl = Duration.between(now, expiresAt);
        int maxAttempts = app.otp().maxAttempts();
        Secret secret = flow.demo() ? new Secret.DemoCode(flow.demoOtp(), ttl, maxAttempts)
                : new Secret.Code(CODE_LENGTH, ttl, maxAttempts);
        ChallengeKey key = new ChallengeKey(app.tenantId(), app.id(), principal.registrationId(),
                channel(flow, request.kind()), purpose(request.type()), request.destination());
        return engine.issue(new SendRequest(app, key, secret, Wording.of(flow.language(), app.name()), request.clientIp(),
                ORIGIN), new SendCaller<Created>() {
                    @Override
                    public void require() {
                        registrations.registration(principal, principal.registrationId());
                    }

                    @Override
                    public Created issued(Issued issued) {
                        Optional<Validation> active = repository.latest(principal.registrationId(), request.kind(),
                                request.destination(), request.type()).filter(v -> v.isActive(now));
                        boolean existing = active.isPresent() && repository.renew(active.get().id(), expiresAt, now);
                        Validation validation;
                        if (existing) {
                            validation = repository.validation(app.id(), request.kind(), active.get().id()).orElseThrow();
                        } else {
                            validation = new Validation(ids.next(), app.tenantId(), app.id(), flow.id(),
                                    principal.registrationId(), request.kind(), request.destination(), request.phone(),
                                    request.countryCode(), request.type(), request.method(), ValidationStatus.SENT,
                                    expiresAt, null, now, now);
                            repository.insert(validation);
                        }
                        webhooks.publish(flow, OnboardingEvent.of(request.kind(),
                                existing ? ValidationChange.RESEND : ValidationChange.CREATED), validation);
                        return new Created(validation, existing);
                    }
                }).orThrow();
    }

    /** Checks a code for the caller's validation with this id (email validations are addressed by id). */
    public Validation validateById(Registrant principal, Validation.Kind kind, String id, String destination,
            String otp) {
        return validate(principal, kind, () -> ofRegistration(principal, kind, id), destination, otp);
    }

    /** Checks a code for the caller's newest validation of this number (phone validations are addressed by it). */
    public Validation validateLatest(Registrant principal, Validation.Kind kind, String destination,
            String otp) {
        return validate(principal, kind, () -> latestOfRegistration(principal, kind, destination), destination, otp);
    }

    /**
     * Checks a code, in one transaction with reading the validation and settling it. A wrong code is
     * {@code OTP_MISMATCH} (event {@code *_otp_incorect}); the check that spends the last attempt marks the
     * validation {@code failed}; an expired one becomes {@code expired}. Once validated, the validation answers
     * the right code, whether it arrives again or in parallel with the check that settled it, as validated
     * (Verifik's idempotent PUT), and any other code as a mismatch; those repeats publish nothing, since
     * nothing changes.
     */
    private Validation validate(Registrant principal, Validation.Kind kind, Supplier<Validation> find,
            String destination, String otp) {
        ProjectFlow flow = registrations.flow(principal);
        Checked checked;
        try {
            checked = transaction.execute(status -> check(principal, kind, flow, find.get(), destination, otp));
        } catch (NoPendingCodeException e) {
            throw new OnboardingException(OnboardingException.Reason.VALIDATION_NOT_FOUND, kind);
        }
        return answer(kind, checked);
    }

    /** Inside the transaction: the validation's own refusals first, then the engine's check. */
    private Checked check(Registrant principal, Validation.Kind kind, ProjectFlow flow, Validation validation,
            String destination, String otp) {
        if (!validation.registrationId().equals(principal.registrationId())) {
            throw new OnboardingException(OnboardingException.Reason.VALIDATION_NOT_FOUND, kind);
        }
        switch (validation.status()) {
            case EXPIRED -> throw new OnboardingException(OnboardingException.Reason.VALIDATION_EXPIRED, kind);
            case FAILED -> throw new OnboardingException(OnboardingException.Reason.TOO_MANY_ATTEMPTS, kind);
            default -> {
            }
        }
        if (!validation.destination().equals(destination)) {
            throw new OnboardingException(OnboardingException.Reason.OTP_MISMATCH, kind);
        }
        CheckRequest request = new CheckRequest(application(validation.applicationId()), key(flow, validation), otp,
                ORIGIN);
        if (validation.status() == ValidationStatus.VALIDATED) {
            return new Checked(validation, engine.wasConsumedWith(request), null);
        }
        Settling settling = new Settling(flow, validation);
        return new Checked(validation, null, engine.check(request, settling)).settledAs(settling.settled);
    }

    /** Turns a committed check into the v2 answer: the validation as it is now, or the refusal. */
    private Validation answer(Validation.Kind kind, Checked checked) {
        if (checked.repeat() != null) {
            if (!checked.repeat().orThrow()) {
                throw new OnboardingException(OnboardingException.Reason.OTP_MISMATCH, kind);
            }
            return checked.validation();
        }
        try {
            checked.check().orThrow();
            return checked.validation();
        } catch (CodeExpiredException e) {
            throw new OnboardingException(OnboardingException.Reason.VALIDATION_EXPIRED, kind);
        } catch (CodeAlreadyUsedException e) {
            // a parallel check with the same, right code consumed it, and settled the validation with it
            Validation settled = reread(checked.validation());
            if (settled.status() != ValidationStatus.VALIDATED) {
                throw new OnboardingException(OnboardingException.Reason.OTP_MISMATCH, kind);
            }
            return settled;
        } catch (CodeInvalidException e) {
            throw new OnboardingException(e.exhausted() ? OnboardingException.Reason.TOO_MANY_ATTEMPTS
                    : OnboardingException.Reason.OTP_MISMATCH, kind);
        }
    }

    /** A check's outcome with the validation it was for (as settled, when the check settled it). */
    private record Checked(Validation validation, Outcome<Boolean> repeat, Outcome<Void> check) {
        Checked settledAs(Validation settled) {
            return settled == null ? this : new Checked(settled, repeat, check);
        }
    }

    /** What a check does to its validation, inside the check's transaction. */
    private final class Settling implements CheckCaller {

        private final ProjectFlow flow;
        private final Validation validation;
        private Validation settled;

        Settling(ProjectFlow flow, Validation validation) {
            this.flow = flow;
            this.validation = validation;
        }

        @Override
        public void verified() {
            Instant now = now();
            if (repository.settle(validation.id(), ValidationStatus.VALIDATED, now, now)) {
                settled = reread(validation);
                webhooks.publish(flow, OnboardingEvent.of(validation.kind(), ValidationChange.VALIDATED), settled);
            }
        }

        @Override
        public void refused(Refusal refusal) {
            switch (refusal) {
                case EXPIRED -> settle(ValidationStatus.EXPIRED, ValidationChange.EXPIRED);
                case EXHAUSTED -> settle(ValidationStatus.FAILED, ValidationChange.FAILED);
                case WRONG -> webhooks.publish(flow, OnboardingEvent.of(validation.kind(), ValidationChange.OTP_INCORECT),
                        validation);
            }
        }

        private void settle(ValidationStatus status, ValidationChange change) {
            if (repository.settle(validation.id(), status, null, now())) {
                settled = reread(validation);
                webhooks.publish(flow, OnboardingEvent.of(validation.kind(), change), settled);
            }
        }
    }

    /** A validation of the caller's registration by id. */
    private Validation ofRegistration(Registrant principal, Validation.Kind kind, String id) {
        return repository.validation(principal.applicationId(), kind, id)
                .filter(v -> v.registrationId().equals(principal.registrationId()))
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.VALIDATION_NOT_FOUND, kind));
    }

    /** The caller's newest validation of that phone (phone validations are validated by number, not id). */
    private Validation latestOfRegistration(Registrant principal, Validation.Kind kind, String destination) {
        return repository.latest(principal.registrationId(), kind, destination, "onboarding")
                .filter(v -> v.applicationId().equals(principal.applicationId()))
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.VALIDATION_NOT_FOUND, kind));
    }

    /** One validation of an application (client token). */
    public Validation get(String applicationId, Validation.Kind kind, String id) {
        return repository.validation(applicationId, kind, id)
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.VALIDATION_NOT_FOUND, kind));
    }

    /** A page of an application's validations, newest first. */
    public PageOf list(String applicationId, Validation.Kind kind, String status, String type, String destination,
            int page, int limit) {
        OnboardingRepository.Page result = repository.page(applicationId, kind, status, type, destination, page, limit);
        return new PageOf(result.items(), result.total());
    }

    /** Items of one page and the total across pages. */
    public record PageOf(List<Validation> items, long total) {
    }

    private Validation reread(Validation validation) {
        return repository.validation(validation.applicationId(), validation.kind(), validation.id()).orElseThrow();
    }

    /** Milliseconds: v2 shows every timestamp so, and a row read back must equal the one written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Application application(String applicationId) {
        return tenancy.application(applicationId)
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND));
    }

    /** The flow's channel for the kind: email, or for phones SMS or WhatsApp ({@code phone_gateway}). */
    private static Channel channel(ProjectFlow flow, Validation.Kind kind) {
        if (kind == Validation.Kind.EMAIL) {
            return Channel.EMAIL;
        }
        return flow.phoneOverWhatsApp() ? Channel.WHATSAPP : Channel.SMS;
    }

    private static String purpose(String type) {
        return "onboarding-" + type;
    }

    private static ChallengeKey key(ProjectFlow flow, Validation v) {
        return new ChallengeKey(v.tenantId(), v.applicationId(), v.registrationId(), channel(flow, v.kind()),
                purpose(v.type()), v.destination());
    }
}
