package dev.verity.onboarding;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.events.Webhooks;
import dev.verity.shared.Ids;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.ProjectFlow;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.ClientPrincipal;
import dev.verity.token.RegistrationPrincipal;
import dev.verity.token.TokenService;

/**
 * App registrations: created by an application backend (client token) or, for a public flow, by anyone;
 * each gets a registration token scoped to itself. A registration reaches {@code signUpForm} only when every
 * gateway its flow uses has a validated validation.
 */
@Service
public class RegistrationService {

    private final OnboardingRepository repository;
    private final TenancyService tenancy;
    private final TokenService tokens;
    private final Webhooks webhooks;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RegistrationService(OnboardingRepository repository, TenancyService tenancy, TokenService tokens,
            Webhooks webhooks, TransactionTemplate transaction, Clock clock) {
        this.repository = repository;
        this.tenancy = tenancy;
        this.tokens = tokens;
        this.webhooks = webhooks;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The details a registration starts with; contacts already normalized by the caller. */
    public record NewRegistration(String project, String flow, String email, String phone, String countryCode,
            String fullName, String firstName, String lastName, String language) {
    }

    /** A created registration and its token. */
    public record Created(AppRegistration registration, ProjectFlow flow, String token) {
    }

    /**
     * An unknown project or flow is 404 before any question of authentication (the token is read only after);
     * a client of another application sees 404 too. Without a client token the flow must be public.
     */
    public Created create(java.util.function.Supplier<ClientPrincipal> clientFromToken, NewRegistration request) {
        Application app = tenancy.application(request.project())
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND));
        ProjectFlow flow = tenancy.flow(app.id(), request.flow())
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.FLOW_NOT_FOUND));
        ClientPrincipal client = clientFromToken.get();
        if (client != null && (!client.tenantId().equals(app.tenantId()) || !client.applicationId().equals(app.id()))) {
            throw new OnboardingException(OnboardingException.Reason.PROJECT_NOT_FOUND);
        }
        if (client == null && !flow.isPublic()) {
            throw new OnboardingException(OnboardingException.Reason.AUTHENTICATION_REQUIRED);
        }
        Instant now = clock.instant();
        AppRegistration registration = new AppRegistration(Ids.newId(), app.tenantId(), app.id(), flow.id(),
                request.email(), request.phone(), request.countryCode(), request.fullName(), request.firstName(),
                request.lastName(), request.language() == null ? flow.language() : request.language(), "STARTED", null,
                now, now);
        transaction.executeWithoutResult(status -> {
            repository.insert(registration);
            webhooks.publish(flow, "app_registration_created", OnboardingViews.registration(registration));
        });
        String token = tokens.issueRegistrationToken(registration.id(), app.tenantId(), app.id(), app.name(), flow.id())
                .value();
        return new Created(registration, flow, token);
    }

    /** The caller's registration with its flow. */
    public Created me(RegistrationPrincipal principal) {
        AppRegistration registration = registration(principal, principal.registrationId());
        return new Created(registration, flow(principal), null);
    }

    /**
     * Records the registration's progress. Reaching {@code signUpForm} requires a validated email when the flow
     * sends email codes and a validated phone when it sends SMS codes. A status change is a webhook event
     * {@code app_registration_<status>}.
     */
    public AppRegistration sync(RegistrationPrincipal principal, String id, String step, String status) {
        AppRegistration current = registration(principal, id);
        ProjectFlow flow = flow(principal);
        if ("signUpForm".equals(step)
                && ((flow.needsEmail() && !repository.anyValidated(current.id(), Validation.Kind.EMAIL))
                || (flow.needsPhone() && !repository.anyValidated(current.id(), Validation.Kind.PHONE)))) {
            throw new OnboardingException(OnboardingException.Reason.SIGN_UP_NOT_PASSED);
        }
        String newStep = step != null ? step : current.step();
        String newStatus = status != null ? status : current.status();
        Instant now = clock.instant();
        return transaction.execute(tx -> {
            repository.updateRegistration(current.id(), newStep, newStatus, now);
            AppRegistration updated = repository.registration(principal.applicationId(), current.id()).orElseThrow();
            if (!newStatus.equals(current.status())) {
                webhooks.publish(flow, "app_registration_" + newStatus.toLowerCase(Locale.ROOT),
                        OnboardingViews.registration(updated));
            }
            return updated;
        });
    }

    AppRegistration registration(RegistrationPrincipal principal, String id) {
        if (!principal.registrationId().equals(id)) {
            throw new OnboardingException(OnboardingException.Reason.REGISTRATION_NOT_FOUND);
        }
        return repository.registration(principal.applicationId(), id)
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.REGISTRATION_NOT_FOUND));
    }

    ProjectFlow flow(RegistrationPrincipal principal) {
        return tenancy.flow(principal.applicationId(), principal.flowId())
                .orElseThrow(() -> new OnboardingException(OnboardingException.Reason.FLOW_NOT_FOUND));
    }
}
