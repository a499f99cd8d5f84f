package dev.verity.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change made through the admin API, recorded with who made it: the change and its entry commit
 * together, so the log has no entry for a change that failed and no change without its entry.
 */
@Service
class AuditLog {

    private final AuditRepository repository;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AuditLog(AuditRepository repository, TransactionTemplate transaction, Clock clock) {
        this.repository = repository;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** One entry of the log. {@code detail} names what changed, never a secret. */
    record Entry(Instant at, String actor, String action, String target, String detail) {
    }

    /**
     * Runs {@code change} and records it in one transaction; nothing is recorded when the change throws.
     *
     * @param actor  who: {@code client:<id>} for the admin API, {@code admin:<username>} for the portal
     * @param action what, as a stable name such as {@code client.create}
     * @param target the object changed, such as {@code client:demo-backend}
     * @param detail which settings changed, or null
     */
    <T> T record(String tenantId, String actor, String action, String target, String detail, Supplier<T> change) {
        return transaction.execute(status -> {
            T result = change.get();
            repository.insert(tenantId, actor, action, target, detail,
                    OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            return result;
        });
    }

    List<Entry> latest(String tenantId, int offset, int limit) {
        return repository.latest(tenantId, offset, limit);
    }
}
