package dev.verity.tenancy;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What every request looks up and hardly ever changes — applications, clients, flows, flow webhook secrets —
 * kept per node for {@code verity.tenancy.cache-ttl}, so a request reads none of it from the database.
 * Several nodes stay coherent by the short lifetime: a change made through another node is seen here within
 * it; a change made through this node empties the cache at once. Unknown ids are remembered too (briefly,
 * like the rest), so tokens naming made-up applications cannot make every request query the database.
 */
@Component
class TenancyCache {

    private static final long MAX_ENTRIES = 50_000;

    private final Cache<Object, Optional<?>> entries;

    TenancyCache(TenancyProperties properties) {
        this.entries = Caffeine.newBuilder().expireAfterWrite(properties.cacheTtl()).maximumSize(MAX_ENTRIES).build();
    }

    /** The cached value under {@code key}, loaded once per lifetime. */
    @SuppressWarnings("unchecked")
    <T> Optional<T> get(Object key, Supplier<Optional<T>> load) {
        return (Optional<T>) entries.get(key, k -> load.get());
    }

    /**
     * Forgets everything: called by every change of tenancy rows on this node, at once and again when the
     * change commits, so that a read made meanwhile (of the row as it was) does not outlive the change.
     */
    void clear() {
        entries.invalidateAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entries.invalidateAll();
                }
            });
        }
    }

    /** Keys of the four kinds of entries; a record per kind, so two kinds never share a key. */
    record ApplicationKey(String id) {
    }

    record ClientKey(String id) {
    }

    record FlowKey(String applicationId, String flowId) {
    }

    record WebhookSecretKey(String applicationId, String flowId) {
    }
}
