package dev.verity.tenancy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.delivery.OutboundGuard;
import dev.verity.shared.ServerKey;

/** Reads and writes tenants, applications, clients and portal admins. */
@Service
public class TenancyService {

    private static final SecureRandom SECRETS = new SecureRandom();

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

    /** The application's v2 project flows, by id. */
    public List<ProjectFlow> flows(String applicationId) {
        return repository.flowIds(applicationId).stream().map(id -> flow(applicationId, id)).flatMap(Optional::stream)
                .toList();
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
    public record ApplicationChanges(String name, OtpPolicy otp, List<String> languages,
            List<String> redirectUris, Limits limits, List<String> smsCountries) {

        public ApplicationChanges(String name, OtpPolicy otp, List<String> languages,
                List<String> redirectUris) {
            this(name, otp, languages, redirectUris, null, null);
        }
    }

    /** The tenant's applications, by id. */
    public List<Application> applications(String tenantId) {
        return repository.applicationIds(tenantId).stream().map(repository::application)
                .flatMap(Optional::stream).toList();
    }

    /**
     * Creates an application in the tenant, with the same checks as the set-up file's.
     *
     * @throws IdTakenException when any tenant has an application with this id (ids name applications in tokens)
     * @throws InvalidSettingException when a setting is refused
     */
    @Transactional
    public Application createApplication(Application application) {
        if (repository.applicationExists(application.id())) {
            throw new IdTakenException("application");
        }
        saveApplication(application);
        return repository.application(application.id()).orElseThrow();
    }

    /** The tenant's API clients, by id (never their secrets, which are stored only as hashes). */
    public List<Client> clients(String tenantId) {
        return repository.clients(tenantId);
    }

    /**
     * Creates a client of one of the tenant's applications with a new random secret, and returns that secret:
     * it is stored only as a keyed hash, so this is the one time anyone sees it.
     *
     * @return empty when the tenant has no such application
     * @throws IdTakenException when a client (of any tenant) has this id
     */
    @Transactional
    public Optional<String> createClient(String tenantId, String applicationId, String clientId,
            Set<String> roles) {
        if (repository.application(applicationId).filter(app -> app.tenantId().equals(tenantId)).isEmpty()) {
            return Optional.empty();
        }
        if (repository.clientExists(clientId)) {
            throw new IdTakenException("client");
        }
        String secret = newSecret();
        saveClient(new Client(clientId, tenantId, applicationId, roles), secret);
        return Optional.of(secret);
    }

    /**
     * Gives the tenant's client a new random secret and returns it (shown once); the old secret is refused from
     * this commit on. Empty when the tenant has no such client.
     */
    @Transactional
    public Optional<String> rotateClientSecret(String tenantId, String clientId) {
        cache.clear();
        String secret = newSecret();
        return repository.replaceClientSecret(tenantId, clientId, clientSecretHash(clientId, secret), now()) == 1
                ? Optional.of(secret) : Optional.empty();
    }

    /**
     * Removes the tenant's client: its secret gets no token any more, and tokens it was issued are refused
     * (see {@link #client}). False when the tenant has no such client.
     */
    @Transactional
    public boolean deleteClient(String tenantId, String clientId) {
        cache.clear();
        return repository.deleteClient(tenantId, clientId) == 1;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        SECRETS.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

    /** The tenant's portal admins, by username (never their password hashes). */
    public List<PortalAdmin> admins(String tenantId) {
        return repository.admins(tenantId);
    }

    /**
     * Adds a portal admin to the tenant.
     *
     * @throws IdTakenException when the tenant has an admin of that name
     * @throws InvalidSettingException when the password is shorter than {@value #MIN_ADMIN_PASSWORD} characters
     */
    @Transactional
    public void createAdmin(String tenantId, String username, String password) {
        requireAdminPassword(password);
        if (repository.adminPasswordHash(tenantId, username).isPresent()) {
            throw new IdTakenException("admin");
        }
        repository.ensureTenant(tenantId, now());
        repository.upsertAdmin(tenantId, username, passwords.encode(password), now());
    }

    /** Sets a new password of the tenant's portal admin; false when the tenant has no admin of that name. */
    @Transactional
    public boolean changeAdminPassword(String tenantId, String username, String password) {
        requireAdminPassword(password);
        if (repository.adminPasswordHash(tenantId, username).isEmpty()) {
            return false;
        }
        repository.upsertAdmin(tenantId, username, passwords.encode(password), now());
        return true;
    }

    /**
     * Removes a portal admin; the tenant keeps at least one.
     *
     * @return false when the tenant has no admin of that name
     * @throws LastAdminException when it is the tenant's only admin
     */
    @Transactional
    public boolean deleteAdmin(String tenantId, String username) {
        List<PortalAdmin> admins = repository.admins(tenantId);
        if (admins.stream().noneMatch(admin -> admin.username().equals(username))) {
            return false;
        }
        if (admins.size() == 1) {
            throw new LastAdminException();
        }
        return repository.deleteAdmin(tenantId, username) == 1;
    }

    /** NIST SP 800-63B asks for at least 8; an account that administers a tenant gets more. */
    static final int MIN_ADMIN_PASSWORD = 12;

    private static void requireAdminPassword(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_ADMIN_PASSWORD
                || password.length() > 256) {
            throw new InvalidSettingException("password", "must be 12 to 256 characters");
        }
    }

    /**
     * The tenant of the portal admin with this name and password, or empty. A name unknown everywhere still
     * costs one password-hash comparison, so the time of a refusal does not tell whether the name exists.
     */
    public Optional<String> authenticateAdmin(String username, String password) {
        if (username == null || password == null || username.length() > 128 || password.length() > 1024) {
            return Optional.empty();
        }
        List<String[]> named = repository.adminsNamed(username);
        if (named.isEmpty()) {
            passwords.matches(password, unknownAdminHash());
            return Optional.empty();
        }
        return named.stream().filter(row -> passwords.matches(password, row[1])).map(row -> row[0]).findFirst();
    }

    /** A hash of a random password nobody knows: what an unknown name's password is compared with. */
    private String unknownAdminHash() {
        String hash = unknownAdminHash;
        if (hash == null) {
            hash = passwords.encode(newSecret());
            unknownAdminHash = hash;
        }
        return hash;
    }

    private volatile String unknownAdminHash;

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
