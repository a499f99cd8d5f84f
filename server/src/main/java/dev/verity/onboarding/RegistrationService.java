package dev.verity.onboarding;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.ProjectFlow;
import dev.verity.tenancy.TenancyService;

/**
 * App registrations: created by an application backend (client token) or, for a public flow, by anyone;
 * the dialect then has a registration token scoped to it issued by {@code token}. A registration reaches {@code signUpForm} only when every
 * gateway its flow uses has a validated validation.
 */
@Service
public class RegistrationService {

    private final OnboardingRepository repository;
    private final TenancyService tenancy;
    private final OnboardingWebhooks webhooks;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ObjectIds ids;

    RegistrationService(OnboardingRepository repository, TenancyService tenancy,
            OnboardingWebhooks webhooks, TransactionTemplate transaction, Clock clock, ObjectIds ids) {
        this.repository = repository;
        this.tenancy = tenancy;
        this.webhooks = webhooks;
        this.transaction = transaction;
        this.clock = clock;
        this.ids = ids;
    }

    /** The details a registration starts with; contacts already normalized by the caller. */
    public record NewRegistration(String project, String flow, String email, String phone, String countryCode,
            String fullName, String firstName, String lastName, String language) {
    }

    /** A registration with its flow and the name of its application (which its token carries). */
    public record Created(AppRegistration registration, ProjectFlow flow, String applicationName) {
    }

    /**
     * An unknown project or flow is 404 before any question of authentication (the token is read only after);
     * a client of another application sees 404 too. Without a client token the flow must be public.
     */
    public Created create(java.util.function.Supplier<Backend> clientFromToken, NewRegistration request) {
        Application app = tenancy.application(request.project())
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND));
        ProjectFlow flow = tenancy.flow(app.id(), request.flow())
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.FLOW_NOT_FOUND));
        Backend client = clientFromToken.get();
        if (client != null && (!client.tenantId().equals(app.tenantId()) || !client.applicationId().equals(app.id()))) {
            throw new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND);
        }
        if (client == null && !flow.isPublic()) {
            throw new OnboardingException(OnboardingException.Reason.AUTHENTICATION_REQUIRED);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AppRegistration registration = new AppRegistration(ids.next(), app.tenantId(), app.id(), flow.id(),
                request.email(), request.phone(), request.countryCode(), request.fullName(), request.firstName(),
                request.lastName(), request.language() == null ? flow.language() : request.language(), RegistrationStatus.STARTED, null,
                now, now);
        transaction.executeWithoutResult(status -> {
            repository.insert(registration);
            webhooks.publish(flow, OnboardingEvent.APP_REGISTRATION_CREATED, registration);
        });
        return new Created(registration, flow, app.name());
    }

    /** The caller's registration with its flow. */
    public Created me(Registrant principal) {
        AppRegistration registration = registration(principal, principal.registrationId());
        return new Created(registration, flow(principal), null);
    }

    /**
     * Records the registration's progress under Verifik's rules (see {@link RegistrationStep}): an unknown
     * step is {@code INVALID_STEP}, a status the step does not allow {@code INVALID_STATUS}, a registration
     * with a final status takes no more syncs, and nothing from {@code signUpForm} on, no completion in
     * particular, is accepted before every gateway the flow uses has a validated validation. A status
     * change is a webhook event {@code app_registration_<status>}.
     */
    public AppRegistration sync(Registrant principal, String id, String stepText, String statusText) {
        ProjectFlow flow = flow(principal);
        // a status only moves forward (STARTED, ONGOING, then one final status), so a sync that lost the
        // conditional update to a parallel one succeeds or is refused on its second read
        for (int attempt = 0; ; attempt++) {
            AppRegistration current = registration(principal, id);
            if (current.status().isFinal()) {
                throw new OnboardingException(OnboardingException.Reason.REGISTRATION_FINISHED);
            }
            RegistrationStep step = RegistrationStep.parse(stepText);
            if (step == null) {
                throw new OnboardingException(OnboardingException.Reason.INVALID_STEP);
            }
            RegistrationStatus status = step.status(statusText);
            if (status == null) {
                throw new OnboardingException(OnboardingException.Reason.INVALID_STATUS);
            }
            if (step.needsSignUp(status) && !signUpPassed(flow, current)) {
                throw new OnboardingException(OnboardingException.Reason.SIGN_UP_NOT_PASSED);
            }
            Instant now = clock.instant();
            AppRegistration updated = transaction.execute(tx -> {
                if (!repository.updateProgress(current.id(), current.status(), step, status, now)) {
                    return null;
                }
                AppRegistration read = repository.registration(principal.applicationId(), current.id()).orElseThrow();
                if (status != current.status()) {
                    webhooks.publish(flow, status.event(), read);
                }
                return read;
            });
            if (updated != null) {
                return updated;
            }
            if (attempt == 2) {
                throw new IllegalStateException("registration status moved backwards: " + current.id());
            }
        }
    }

    private boolean signUpPassed(ProjectFlow flow, AppRegistration registration) {
        return (!flow.needsEmail() || repository.anyValidated(registration.id(), Validation.Kind.EMAIL))
                && (!flow.needsPhone() || repository.anyValidated(registration.id(), Validation.Kind.PHONE));
    }

    AppRegistration registration(Registrant principal, String id) {
        if (!principal.registrationId().equals(id)) {
            throw new OnboardingException(OnboardingException.Reason.REGISTRATION_NOT_FOUND);
        }
        return repository.registration(principal.applicationId(), id)
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.REGISTRATION_NOT_FOUND));
    }

    ProjectFlow flow(Registrant principal) {
        return tenancy.flow(principal.applicationId(), principal.flowId())
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.FLOW_NOT_FOUND));
    }
}
