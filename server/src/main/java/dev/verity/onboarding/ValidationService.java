package dev.verity.onboarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.protection.RateLimiter;
import dev.verity.protection.SmsDestinations;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.tenancy.ProjectFlow;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.RegistrationPrincipal;
import dev.verity.verification.ChallengeKey;
import dev.verity.onboarding.OnboardingEvent.ValidationChange;
import dev.verity.verification.ChallengeService;
import dev.verity.verification.ChallengeService.OtpDelivery;
import dev.verity.verification.Channel;
import dev.verity.verification.CodeAlreadyUsedException;
import dev.verity.verification.CodeExpiredException;
import dev.verity.verification.CodeInvalidException;
import dev.verity.verification.NoPendingCodeException;

/**
 * Email and phone validations of app registrations, on the verification engine: 6-digit codes, 10 minutes by
 * default (a caller's {@code expiresAt} may shorten that), the application's attempt limit. Creating again
 * while a validation for the same address and type is active re-issues its code ({@code existing: true}).
 * Every state change is a webhook event of the registration's flow.
 */
@Service
public class ValidationService {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    private static final int CODE_LENGTH = 6;
    /** The name the engine's events carry for this caller. */
    private static final String ORIGIN = "onboarding";
    private static final String VALIDATED = "validated";

    private final OnboardingRepository repository;
    private final RegistrationService registrations;
    private final TenancyService tenancy;
    private final ChallengeService challenges;
    private final OnboardingWebhooks webhooks;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final RateLimiter limits;
    private final SmsDestinations smsDestinations;
    private final ObjectIds ids;

    ValidationService(OnboardingRepository repository, RegistrationService registrations, TenancyService tenancy,
            ChallengeService challenges, OnboardingWebhooks webhooks, TransactionTemplate transaction, Clock clock,
            RateLimiter limits, SmsDestinations smsDestinations, ObjectIds ids) {
        this.ids = ids;
        this.limits = limits;
        this.smsDestinations = smsDestinations;
        this.repository = repository;
        this.registrations = registrations;
        this.tenancy = tenancy;
        this.challenges = challenges;
        this.webhooks = webhooks;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A validation to create; {@code destination} is the normalized email or the E.164 phone. */
    public record NewValidation(String project, Validation.Kind kind, String destination, String phone,
            String countryCode, String region, String type, String method, Instant expiresAt, String clientIp) {
    }

    /** The validation and whether it already existed (its code was re-issued). */
    public record Created(Validation validation, boolean existing) {
    }

    public Created create(RegistrationPrincipal principal, NewValidation request) {
        if (!principal.applicationId().equals(request.project())) {
            throw new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND);
        }
        AppRegistration registration = registrations.registration(principal, principal.registrationId());
        ProjectFlow flow = registrations.flow(principal);
        Application app = tenancy.application(principal.applicationId())
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND));
        if (request.kind() == Validation.Kind.EMAIL ? !flow.needsEmail() : !flow.needsPhone()) {
            throw new OnboardingException(OnboardingException.Reason.GATEWAY_DISABLED, request.kind());
        }
        if (request.kind() == Validation.Kind.PHONE && !flow.allowedCountries().isEmpty()
                && !flow.allowedCountries().contains(request.region())) {
            throw new OnboardingException(OnboardingException.Reason.COUNTRY_NOT_ALLOWED, request.kind());
        }
        boolean sms = request.kind() == Validation.Kind.PHONE;
        if (sms && !flow.demo()) {
            smsDestinations.requireAllowed(app, request.destination());
        }
        if (!flow.demo()) {
            // demo mode delivers nothing, so it costs nothing
            limits.chargeSend(app, new RateLimiter.Sender(sms ? "sms" : "email", request.destination(),
                    "registration:" + registration.id(), request.clientIp()));
        }
        Instant now = now();
        Instant expiresAt = request.expiresAt() != null ? request.expiresAt().truncatedTo(ChronoUnit.MILLIS)
                : now.plus(DEFAULT_TTL);
        Optional<Validation> active = repository.latest(registration.id(), request.kind(), request.destination(),
                        request.type())
                .filter(v -> ("sent".equals(v.status()) || "new".equals(v.status())) && now.isBefore(v.expiresAt()));
        OtpPolicy policy = new OtpPolicy(CODE_LENGTH, DEFAULT_TTL, app.otp().maxAttempts());
        OtpDelivery delivery = delivery(flow, app, request.kind());
        Created created = transaction.execute(status -> {
            Validation validation;
            boolean existing = active.isPresent() && repository.renew(active.get().id(), expiresAt, now);
            if (existing) {
                validation = repository.validation(app.id(), request.kind(), active.get().id()).orElseThrow();
            } else {
                validation = new Validation(ids.next(), app.tenantId(), app.id(), flow.id(), registration.id(),
                        request.kind(), request.destination(), request.phone(), request.countryCode(), request.type(),
                        request.method(), "sent", expiresAt, null, now, now);
                repository.insert(validation);
            }
            challenges.issueOtp(ORIGIN, key(validation), policy, Duration.between(now, expiresAt), delivery);
            webhooks.publish(flow, OnboardingEvent.of(request.kind(),
                    existing ? ValidationChange.RESEND : ValidationChange.CREATED), validation);
            return new Created(validation, existing);
        });
        if (sms && !flow.demo()) {
            // after the commit: the pumping guard may record an event in a transaction of its own
            smsDestinations.recordSend(app, request.destination());
        }
        return created;
    }

    /**
     * Checks a code. A wrong code is {@code OTP_MISMATCH} (event {@code *_otp_incorect}); the check that spends
     * the last attempt marks the validation {@code failed}; an expired one becomes {@code expired}. Once
     * validated, the validation answers the right code, whether it arrives again or in parallel with the
     * check that settled it, as validated (Verifik's idempotent PUT), and any other code as a mismatch; those
     * repeats publish nothing, since nothing changes.
     */
    public Validation validate(RegistrationPrincipal principal, Validation.Kind kind, Validation validation,
            String destination, String otp) {
        if (!validation.registrationId().equals(principal.registrationId())) {
            throw new OnboardingException(OnboardingException.Reason.VALIDATION_NOT_FOUND, kind);
        }
        ProjectFlow flow = registrations.flow(principal);
        switch (validation.status()) {
            case "expired" -> throw new OnboardingException(OnboardingException.Reason.VALIDATION_EXPIRED, kind);
            case "failed" -> throw new OnboardingException(OnboardingException.Reason.TOO_MANY_ATTEMPTS, kind);
            default -> {
            }
        }
        if (!validation.destination().equals(destination)) {
            throw new OnboardingException(OnboardingException.Reason.OTP_MISMATCH, kind);
        }
        Application app = tenancy.application(validation.applicationId())
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND));
        if (VALIDATED.equals(validation.status())) {
            if (!challenges.wasConsumedWith(app, key(validation), otp)) {
                throw new OnboardingException(OnboardingException.Reason.OTP_MISMATCH, kind);
            }
            return validation;
        }
        try {
            challenges.check(ORIGIN, app, key(validation), otp, () -> {
                Instant now = now();
                if (repository.settle(validation.id(), VALIDATED, now, now)) {
                    webhooks.publish(flow, OnboardingEvent.of(kind, ValidationChange.VALIDATED), reread(validation));
                }
            });
        } catch (CodeExpiredException e) {
            settle(flow, validation, "expired", ValidationChange.EXPIRED);
            throw new OnboardingException(OnboardingException.Reason.VALIDATION_EXPIRED, kind);
        } catch (CodeAlreadyUsedException e) {
            // a parallel check with the same, right code consumed it, and settled the validation with it
            Validation settled = reread(validation);
            if (!VALIDATED.equals(settled.status())) {
                throw new OnboardingException(OnboardingException.Reason.OTP_MISMATCH, kind);
            }
            return settled;
        } catch (CodeInvalidException e) {
            if (e.exhausted()) {
                settle(flow, validation, "failed", ValidationChange.FAILED);
                throw new OnboardingException(OnboardingException.Reason.TOO_MANY_ATTEMPTS, kind);
            }
            transaction.executeWithoutResult(status -> webhooks.publish(flow,
                    OnboardingEvent.of(kind, ValidationChange.OTP_INCORECT), validation));
            throw new OnboardingException(OnboardingException.Reason.OTP_MISMATCH, kind);
        } catch (NoPendingCodeException e) {
            throw new OnboardingException(OnboardingException.Reason.VALIDATION_NOT_FOUND, kind);
        }
        if (kind == Validation.Kind.PHONE) {
            smsDestinations.recordConversion(app, validation.destination());
        }
        return reread(validation);
    }

    /** A validation of the caller's registration by id. */
    public Validation ofRegistration(RegistrationPrincipal principal, Validation.Kind kind, String id) {
        return repository.validation(principal.applicationId(), kind, id)
                .filter(v -> v.registrationId().equals(principal.registrationId()))
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.VALIDATION_NOT_FOUND, kind));
    }

    /** The caller's newest validation of that phone (phone validations are validated by number, not id). */
    public Validation latestOfRegistration(RegistrationPrincipal principal, Validation.Kind kind, String destination) {
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

    private void settle(ProjectFlow flow, Validation validation, String status, ValidationChange change) {
        transaction.executeWithoutResult(tx -> {
            if (repository.settle(validation.id(), status, null, now())) {
                webhooks.publish(flow, OnboardingEvent.of(validation.kind(), change), reread(validation));
            }
        });
    }

    private Validation reread(Validation validation) {
        return repository.validation(validation.applicationId(), validation.kind(), validation.id()).orElseThrow();
    }

    /** Milliseconds: v2 shows every timestamp so, and a row read back must equal the one written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static OtpDelivery delivery(ProjectFlow flow, Application app, Validation.Kind kind) {
        if (flow.demo()) {
            return new OtpDelivery.Demo(flow.demoOtp());
        }
        return kind == Validation.Kind.EMAIL
                ? new OtpDelivery.ByEmail(new ChallengeService.EmailMessage(flow.language(), app.name(), null))
                : new OtpDelivery.BySms(new ChallengeService.SmsMessage(flow.language(), app.name(), null, null));
    }

    private static ChallengeKey key(Validation v) {
        return new ChallengeKey(v.tenantId(), v.applicationId(), v.registrationId(),
                v.kind() == Validation.Kind.EMAIL ? Channel.EMAIL : Channel.SMS, "onboarding-" + v.type(),
                v.destination());
    }
}
