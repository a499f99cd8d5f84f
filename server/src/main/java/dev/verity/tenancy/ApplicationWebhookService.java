package dev.verity.tenancy;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.delivery.OutboundGuard;
import dev.verity.shared.Ids;
import dev.verity.shared.ServerKey;

/**
 * Applications' v1 webhooks (API.md, "v1 webhooks"), as the set-up file and the admin API write them: each URL
 * passes the outbound guard whoever saves it, each secret is a Standard Webhooks key sealed with the server key
 * (SECURITY.md rule 4), and an application has each URL once.
 */
@Service
public class ApplicationWebhookService {

    /** The longest URL stored, as for flow webhooks. */
    static final int MAX_URL_LENGTH = 2000;

    private final ApplicationWebhookRepository repository;
    private final TenancyRepository applications;
    private final ServerKey serverKey;
    private final OutboundGuard outbound;
    private final Clock clock;

    ApplicationWebhookService(ApplicationWebhookRepository repository, TenancyRepository applications,
            ServerKey serverKey, OutboundGuard outbound, Clock clock) {
        this.repository = repository;
        this.applications = applications;
        this.serverKey = serverKey;
        this.outbound = outbound;
        this.clock = clock;
    }

    /**
     * Creates or updates the application's webhook at {@code url}, as the set-up file declares it: applying the
     * same file again changes nothing, and a webhook a 410 disabled stays disabled.
     *
     * @param events the event names; null for all
     * @throws InvalidSettingException                         when the URL, secret or events are refused
     * @throws dev.verity.delivery.OutboundUrlRefusedException when the URL may not be called
     */
    @Transactional
    public void save(String tenantId, String applicationId, String url, String secret, List<String> events) {
        Checked webhook = checked(url, secret, events);
        Optional<String> existing = repository.idOf(applicationId, url);
        if (existing.isPresent()) {
            repository.update(existing.get(), serverKey.seal(webhook.secret()), webhook.events(), now());
        } else {
            repository.insert(Ids.newId(), tenantId, applicationId, url, serverKey.seal(webhook.secret()),
                    webhook.events(), now());
        }
    }

    /**
     * Adds a webhook to an application of the tenant; empty when the tenant has no such application.
     *
     * @param events the event names; null for all
     * @throws InvalidSettingException                         when the URL, secret or events are refused
     * @throws dev.verity.delivery.OutboundUrlRefusedException when the URL may not be called
     * @throws WebhookUrlTakenException                        when the application has a webhook at that URL
     */
    @Transactional
    public Optional<ApplicationWebhook> create(String tenantId, String applicationId, String url, String secret,
            List<String> events) {
        if (!ownedBy(tenantId, applicationId)) {
            return Optional.empty();
        }
        Checked webhook = checked(url, secret, events);
        if (repository.idOf(applicationId, url).isPresent()) {
            throw new WebhookUrlTakenException();
        }
        String id = Ids.newId();
        repository.insert(id, tenantId, applicationId, url, serverKey.seal(webhook.secret()), webhook.events(), now());
        return repository.all(applicationId).stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** The webhooks of an application of the tenant, oldest first; empty when the tenant has no such application. */
    public Optional<List<ApplicationWebhook>> list(String tenantId, String applicationId) {
        return ownedBy(tenantId, applicationId) ? Optional.of(repository.all(applicationId)) : Optional.empty();
    }

    /** Removes a webhook of an application of the tenant; false when there is no such webhook there. */
    @Transactional
    public boolean delete(String tenantId, String applicationId, String webhookId) {
        return ownedBy(tenantId, applicationId) && repository.delete(applicationId, webhookId);
    }

    /** Where an event of the application goes: its enabled webhooks subscribed to it, secrets opened to sign. */
    public List<ApplicationWebhook.Target> targets(String applicationId, ApplicationWebhook.Event event) {
        return repository.enabled(applicationId).stream()
                .filter(webhook -> webhook.events().contains(event))
                .map(webhook -> new ApplicationWebhook.Target(webhook.url(), serverKey.open(webhook.sealedSecret())))
                .toList();
    }

    /** Stops deliveries to a URL of the tenant whose receiver answered 410 Gone; returns how many stopped. */
    @Transactional
    public int disable(String tenantId, String url) {
        return repository.disable(tenantId, url, now());
    }

    private boolean ownedBy(String tenantId, String applicationId) {
        return applications.application(applicationId).filter(app -> app.tenantId().equals(tenantId)).isPresent();
    }

    private Checked checked(String url, String secret, List<String> events) {
        if (url != null && url.length() > MAX_URL_LENGTH) {
            throw new InvalidSettingException("url", "must be at most " + MAX_URL_LENGTH + " characters");
        }
        outbound.requirePublicUrl("url", url);
        return new Checked(SettingRules.webhookSecret("secret", secret), SettingRules.webhookEvents("events", events));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private record Checked(String secret, Set<ApplicationWebhook.Event> events) {
    }
}
