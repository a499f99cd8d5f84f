package dev.verity.tenancy;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.shared.ServerKey;

/** Reads and writes tenants, applications, clients and portal admins. */
@Service
public class TenancyService {

    private final TenancyRepository repository;
    private final ServerKey serverKey;
    private final PasswordEncoder passwords;
    private final Clock clock;

    TenancyService(TenancyRepository repository, ServerKey serverKey, PasswordEncoder passwords, Clock clock) {
        this.repository = repository;
        this.serverKey = serverKey;
        this.passwords = passwords;
        this.clock = clock;
    }

    public Optional<Application> application(String id) {
        return repository.application(id);
    }

    /**
     * The client whose secret matches, or empty. Client secrets are stored as keyed hashes
     * (SECURITY.md rule 4) and compared in constant time.
     */
    public Optional<Client> authenticate(String clientId, String secret) {
        if (clientId == null || secret == null) {
            return Optional.empty();
        }
        return repository.client(clientId)
                .filter(stored -> ServerKey.sameHash(stored.secretHash(), clientSecretHash(clientId, secret)))
                .map(TenancyRepository.StoredClient::client);
    }

    public Optional<Client> client(String clientId) {
        return repository.client(clientId).map(TenancyRepository.StoredClient::client);
    }

    boolean anyTenant() {
        return repository.anyTenant();
    }

    @Transactional
    public void saveTenant(String tenantId) {
        repository.ensureTenant(tenantId, now());
    }

    @Transactional
    public void saveApplication(Application application) {
        repository.ensureTenant(application.tenantId(), now());
        repository.upsertApplication(application, now());
    }

    @Transactional
    public void saveClient(Client client, String secret) {
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
