package dev.verity.delivery;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.shared.Ids;

/**
 * Delivers outbox messages through their channels ({@link DeliveryChannel}, found by the row's kind). Each
 * worker thread works in rounds: one transaction writes the previous round's results (JDBC batches) and claims
 * the next batch (SKIP LOCKED), then the batch is sent outside any transaction. A round therefore costs one
 * commit however many messages it carries. An outcome is sent, retry later under the channel's policy
 * (by default exponential backoff with jitter), failed after the last attempt, or replaced by a message over
 * another channel, always with the last error. Workers sleep until the poll interval passes or a request
 * commits a new message.
 *
 * <p>On shutdown the workers finish the message in hand and write their results, and this node's remaining
 * claims are released, so another node (or the next start) sends them; a node killed outright leaves claims
 * that expire after {@code verity.delivery.claim-timeout}. Delivery is therefore at least once, with a stable
 * message id.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final OutboxRepository repository;
    private final TransactionTemplate transaction;
    private final Channels channels;
    private final DeliveryProperties settings;
    private final Clock clock;
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/" + Ids.newId().substring(0, 8);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final RetryPolicy standardRetry;
    private volatile Instant nextStaleCheck = Instant.MIN;
    private volatile boolean running;
    private volatile boolean signalled;
    private ExecutorService workers;

    Dispatcher(OutboxRepository repository, TransactionTemplate transaction, Channels channels,
            DeliveryProperties settings, Clock clock) {
        this.repository = repository;
        this.transaction = transaction;
        this.channels = channels;
        this.settings = settings;
        this.clock = clock;
        this.standardRetry = new BackoffRetry(settings);
    }

    void wakeUp() {
        lock.lock();
        try {
            signalled = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * One round of one worker: writes the previous round's results and claims the next batch in one
     * transaction, then sends the batch outside any transaction, leaving its results in {@code results} for
     * the next round. On a failed transaction the results stay and are written by a later round (they only
     * apply while this node still holds the claims). Returns the size of the batch.
     */
    int deliverRound(List<Attempted> results) {
        Instant now = clock.instant();
        if (now.isAfter(nextStaleCheck)) {
            nextStaleCheck = now.plus(settings.claimTimeout().dividedBy(4));
            repository.releaseStale(now.minus(settings.claimTimeout()));
        }
        List<OutboxRepository.ClaimedRow> batch = transaction.execute(status -> {
            record(results, now);
            return running ? repository.claimDue(now, settings.batchSize(), node) : List.of();
        });
        results.clear();
        for (OutboxRepository.ClaimedRow row : batch) {
            if (!running) {
                break; // the rest of the batch is released on stop
            }
            results.add(deliver(row));
        }
        return batch.size();
    }

    /** One attempt at one claimed row, and what it came to; nothing is written yet. */
    private Attempted deliver(OutboxRepository.ClaimedRow row) {
        DeliveryChannel<?> channel;
        try {
            channel = channels.channel(row.kind());
        } catch (IllegalArgumentException unknownKind) {
            log.warn("Message {} has kind '{}' that no channel delivers; marked failed", row.id(), row.kind());
            return Attempted.failed(row, null, "no channel delivers kind " + row.kind());
        }
        return attempt(channel, row);
    }

    private <M> Attempted attempt(DeliveryChannel<M> channel, OutboxRepository.ClaimedRow row) {
        DeliveryChannel.QueuedMessage message = row.message();
        RetryPolicy retry = channel.retryPolicy().orElse(standardRetry);
        M payload = null;
        try {
            payload = channels.open(channel, row.sealedPayload());
            return Attempted.sent(row, channel.send(message, payload));
        } catch (Exception e) {
            String error = e instanceof ProviderException || e instanceof PermanentFailureException
                    ? e.getMessage() : channel.recordedError(message, e);
            int attempt = row.attempts() + 1;
            if (attempt < retry.maxAttempts() && !(e instanceof PermanentFailureException)) {
                Instant next = clock.instant().plus(retry.delayAfter(attempt));
                log.info("Message {} attempt {} failed, retrying at {}: {}", row.id(), attempt, next, error);
                return Attempted.retry(row, channel.providers(), error, next);
            }
            Optional<SecretMessage> replacement = payload == null || e instanceof PermanentFailureException
                    ? Optional.empty() : channel.replacementWhenExhausted(payload);
            if (replacement.isPresent()) {
                log.info("Message {} exhausted {} attempts, its secret goes out by {}: {}", row.id(), attempt,
                        replacement.get().channel(), error);
                return Attempted.sent(row, Delivered.replacedBy(channel.providers(),
                        "fell back to " + replacement.get().channel() + " after " + attempt + " attempts: " + error,
                        replacement.get()));
            }
            log.warn("Message {} failed after {} attempts: {}", row.id(), attempt, error);
            return Attempted.failed(row, channel.providers(), error);
        }
    }

    /**
     * Writes results in the caller's transaction; each replacement message is queued with the result that
     * names it, and only when that result was written (a replacement is never queued twice).
     */
    private void record(List<Attempted> results, Instant now) {
        if (results.isEmpty()) {
            return;
        }
        List<Attempted> named = new ArrayList<>(results.size());
        Map<String, String> replacementIds = new HashMap<>();
        for (Attempted result : results) {
            if (result.replacement() == null) {
                named.add(result);
            } else {
                String replacementId = Ids.newId();
                replacementIds.put(result.id(), replacementId);
                named.add(result.replacedBy(replacementId));
            }
        }
        Set<String> written = repository.record(named, node, now);
        for (Attempted result : named) {
            if (result.replacement() != null && written.contains(result.id())) {
                repository.insert(replacementIds.get(result.id()), result.tenantId(),
                        channels.rowFor(result.tenantId(), result.replacement()), now);
            }
        }
    }

    private void work() {
        List<Attempted> results = new ArrayList<>();
        while (running) {
            try {
                if (deliverRound(results) == 0) {
                    await(settings.pollInterval());
                }
            } catch (RuntimeException e) {
                log.warn("Dispatcher round failed, retrying after the poll interval: {}", ProviderException.describe(e));
                await(settings.pollInterval());
            }
        }
        try {
            transaction.executeWithoutResult(status -> record(results, clock.instant()));
        } catch (RuntimeException e) {
            // the claims are released (or expire) and the messages are sent again: at least once
            log.warn("Results of {} message(s) could not be written on stop: {}", results.size(),
                    ProviderException.describe(e));
        }
    }

    private void await(Duration timeout) {
        lock.lock();
        try {
            if (!signalled && running) {
                work.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        running = true;
        workers = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "verity-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < settings.workers(); i++) {
            workers.submit(this::work);
        }
    }

    @Override
    public void stop() {
        running = false;
        wakeUp();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int released = repository.releaseClaimsOf(node);
        if (released > 0) {
            log.info("Released {} claimed message(s) for other nodes", released);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop before the web server and the data source go away, start after them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
