package dev.verity.tenancy;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.delivery.OutboundGuard;
import dev.verity.shared.ServerKey;

/** Reads and writes tenants, applications, clients and portal admins. */
@Service
public class TenancyService {

    private final TenancyRepository repository;
    private final ServerKey serverKey;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final OutboundGuard outbound;
    private final TenancyCache cache;

    TenancyService(TenancyRepository repository, ServerKey serverKey, PasswordEncoder passwords, Clock clock,
            OutboundGuard outbound, TenancyCache cache) {
        this.outbound = outbound;
        this.cache = cache;
        this.repository = repository;
        this.serverKey = serverKey;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** An application by id, from this node's short-lived cache (see {@link TenancyCache}). */
    public Optional<Application> application(String id) {
        return cache.get(new TenancyCache.ApplicationKey(id), () -> repository.application(id));
    }

    /**
     * The client whose secret matches, or empty. Client secrets are stored as keyed hashes
     * (SECURITY.md rule 4) and compared in constant time.
     */
    public Optional<Client> authenticate(String clientId, String secret) {
        if (clientId == null || secret == null) {
            return Optional.empty();
        }
        return storedClient(clientId)
                .filter(stored -> ServerKey.sameHash(stored.secretHash(), clientSecretHash(clientId, secret)))
                .map(TenancyRepository.StoredClient::client);
    }

    public Optional<Client> client(String clientId) {
        return storedClient(clientId).map(TenancyRepository.StoredClient::client);
    }

    private Optional<TenancyRepository.StoredClient> storedClient(String clientId) {
        return cache.get(new TenancyCache.ClientKey(clientId), () -> repository.client(clientId));
    }

    boolean anyTenant() {
        return repository.anyTenant();
    }

    @Transactional
    public void saveTenant(String tenantId) {
        repository.ensureTenant(tenantId, now());
    }

    /**
     * Creates or updates an application as the set-up file declares it.
     *
     * @throws InvalidSettingException when a setting is refused (the same checks as {@link #updateApplication})
     */
    @Transactional
    public void saveApplication(Application application) {
        cache.clear();
        application.redirectUris().forEach(RedirectUris::requireRegistrable);
        repository.ensureTenant(application.tenantId(), now());
        repository.upsertApplication(checked(application), now());
    }

    /**
     * Changes an application of the tenant: any of name, OTP policy and languages, and the redirect URIs,
     * which are replaced as a whole. Returns the application as stored, or empty when the tenant has none
     * with that id.
     */
    @Transactional
    public Optional<Application> updateApplication(String tenantId, String applicationId, ApplicationChanges changes) {
        cache.clear();
        Optional<Application> current = repository.application(applicationId)
                .filter(app -> app.tenantId().equals(tenantId));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Application app = current.get();
        Application updated = new Application(app.id(), app.tenantId(),
                changes.name() != null ? changes.name() : app.name(),
                changes.otp() != null ? changes.otp() : app.otp(),
                changes.languages() != null ? changes.languages() : app.languages(),
                app.redirectUris(),
                changes.limits() != null ? changes.limits() : app.limits(),
                changes.smsCountries() != null ? changes.smsCountries() : app.smsCountries());
        repository.upsertApplication(checked(updated), now());
        if (changes.redirectUris() != null) {
            changes.redirectUris().forEach(RedirectUris::requireRegistrable);
            repository.replaceRedirectUris(app.id(), changes.redirectUris());
        }
        return repository.application(app.id());
    }

    /** A project flow of an application. */
    public Optional<ProjectFlow> flow(String applicationId, String flowId) {
        return cache.get(new TenancyCache.FlowKey(applicationId, flowId), () -> repository.flow(applicationId, flowId));
    }

    /**
     * Creates or updates a flow; the webhook secret is sealed with the server key (SECURITY.md rule 4). The
     * webhook URL must pass the outbound guard, whoever saves it (set-up file or admin API).
     *
     * @throws dev.verity.delivery.OutboundUrlRefusedException when the webhook URL may not be called
     */
    @Transactional
    public void saveFlow(ProjectFlow flow, String webhookSecret) {
        cache.clear();
        if (flow.webhookUrl() != null) {
            outbound.requirePublicUrl("webhook_url", flow.webhookUrl());
        }
        ProjectFlow checked = new ProjectFlow(flow.id(), flow.applicationId(), flow.tenantId(), flow.type(),
                flow.isPublic(), flow.emailGateway(), flow.phoneGateway(), flow.webhookUrl(), flow.webhookDisabled(),
                flow.redirectUrl(), SettingRules.language("language", flow.language()),
                SettingRules.countries("allowed_countries", flow.allowedCountries()), flow.demo(), flow.demoOtp());
        repository.upsertFlow(checked, webhookSecret == null ? null : serverKey.seal(webhookSecret), now());
    }

    /** The application with its languages in canonical form, once its languages and countries are checked. */
    private static Application checked(Application app) {
        return new Application(app.id(), app.tenantId(), app.name(), app.otp(),
                SettingRules.languages("languages", app.languages()), app.redirectUris(), app.limits(),
                SettingRules.countries("sms_countries", app.smsCountries()));
    }

    /** The flow's webhook signing secret, opened for signing; empty when it has none. */
    public Optional<String> webhookSecret(String applicationId, String flowId) {
        return cache.get(new TenancyCache.WebhookSecretKey(applicationId, flowId),
                () -> repository.sealedWebhookSecret(applicationId, flowId)).map(serverKey::open);
    }

    /** Stops deliveries to a webhook URL of the tenant whose receiver answered 410 Gone. */
    @Transactional
    public int disableWebhook(String tenantId, String webhookUrl) {
        cache.clear();
        return repository.disableWebhook(tenantId, webhookUrl, now());
    }

    /** What an admin may change on an application; null leaves a setting as it is. */
    public record ApplicationChanges(String name, OtpPolicy otp, java.util.List<String> languages,
            java.util.List<String> redirectUris, Limits limits, java.util.List<String> smsCountries) {

        public ApplicationChanges(String name, OtpPolicy otp, java.util.List<String> languages,
                java.util.List<String> redirectUris) {
            this(name, otp, languages, redirectUris, null, null);
        }
    }

    @Transactional
    public void saveClient(Client client, String secret) {
        cache.clear();
        repository.upsertClient(client, clientSecretHash(client.id(), secret), now());
    }

    /** Creates or updates a portal admin; an unchanged password is not re-hashed (bcrypt is slow on purpose). */
    @Transactional
    public void saveAdmin(String tenantId, String username, String password) {
        if (adminPasswordMatches(tenantId, username, password)) {
            return;
        }
        repository.upsertAdmin(tenantId, username, passwords.encode(password), now());
    }

    public boolean adminPasswordMatches(String tenantId, String username, String password) {
        return repository.adminPasswordHash(tenantId, username)
                .map(hash -> passwords.matches(password, hash))
                .orElse(false);
    }

    private String clientSecretHash(String clientId, String secret) {
        return serverKey.hash("client", clientId, secret);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
