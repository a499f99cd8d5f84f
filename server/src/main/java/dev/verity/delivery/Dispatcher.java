package dev.verity.delivery;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.verity.shared.Ids;

/**
 * Delivers outbox messages. Worker threads claim due rows (a short transaction with SKIP LOCKED), send them
 * outside any transaction, and record the outcome: sent, retry later with exponential backoff and jitter,
 * or failed after the last attempt, always with the last error. Workers sleep until the poll interval passes
 * or a request commits a new message.
 *
 * <p>On shutdown the workers finish the message in hand and this node's remaining claims are released, so
 * another node (or the next start) sends them; a node killed outright leaves claims that expire after
 * {@code verity.delivery.claim-timeout}. Delivery is therefore at least once, with a stable message id.
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
    private final ExponentialBackOff backOff;
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
        this.backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        backOff.setJitter(settings.initialBackoff().toMillis() / 2);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        this.standardRetry = new RetryPolicy() {
            @Override
            public int maxAttempts() {
                return settings.maxAttempts();
            }

            @Override
            public Duration delayAfter(int failedAttempt) {
                return Duration.ofMillis(delayBeforeAttempt(failedAttempt + 1));
            }
        };
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

    /** Claims and delivers one batch; returns how many messages it handled. */
    int deliverDue() {
        Instant now = clock.instant();
        if (now.isAfter(nextStaleCheck)) {
            nextStaleCheck = now.plus(settings.claimTimeout().dividedBy(4));
            repository.releaseStale(now.minus(settings.claimTimeout()));
        }
        List<OutboxRepository.ClaimedRow> batch = transaction.execute(status -> {
            List<OutboxRepository.ClaimedRow> due = repository.lockDue(now, settings.batchSize());
            due.forEach(m -> repository.markClaimed(m.id(), node, now));
            return due;
        });
        for (OutboxRepository.ClaimedRow row : batch == null ? List.<OutboxRepository.ClaimedRow>of() : batch) {
            Result result = deliver(row);
            transaction.executeWithoutResult(status -> record(result));
        }
        return batch == null ? 0 : batch.size();
    }

    /** One attempt at one claimed row, and what it came to; nothing is written yet. */
    private Result deliver(OutboxRepository.ClaimedRow row) {
        DeliveryChannel<?> channel;
        try {
            channel = channels.channel(row.kind());
        } catch (IllegalArgumentException unknownKind) {
            log.warn("Message {} has kind '{}' that no channel delivers; marked failed", row.id(), row.kind());
            return Result.failed(row, null, "no channel delivers kind " + row.kind());
        }
        return attempt(channel, row);
    }

    private <M> Result attempt(DeliveryChannel<M> channel, OutboxRepository.ClaimedRow row) {
        DeliveryChannel.QueuedMessage message = row.message();
        RetryPolicy retry = channel.retryPolicy().orElse(standardRetry);
        M payload = null;
        try {
            payload = channels.open(channel, row.sealedPayload());
            return Result.done(row, channel.send(message, payload));
        } catch (Exception e) {
            String error = e instanceof ProviderException || e instanceof PermanentFailureException
                    ? e.getMessage() : channel.recordedError(message, e);
            int attempt = row.attempts() + 1;
            if (attempt < retry.maxAttempts() && !(e instanceof PermanentFailureException)) {
                Instant next = clock.instant().plus(retry.delayAfter(attempt));
                log.info("Message {} attempt {} failed, retrying at {}: {}", row.id(), attempt, next, error);
                return Result.retry(row, channel.providers(), error, next);
            }
            Optional<SecretMessage> replacement = payload == null || e instanceof PermanentFailureException
                    ? Optional.empty() : channel.replacementWhenExhausted(payload);
            if (replacement.isPresent()) {
                log.info("Message {} exhausted {} attempts, its secret goes out by {}: {}", row.id(), attempt,
                        replacement.get().channel(), error);
                return Result.done(row, Delivered.replacedBy(channel.providers(),
                        "fell back to " + replacement.get().channel() + " after " + attempt + " attempts: " + error,
                        replacement.get()));
            }
            log.warn("Message {} failed after {} attempts: {}", row.id(), attempt, error);
            return Result.failed(row, channel.providers(), error);
        }
    }

    /** Writes one result; a replacement message is queued in the same transaction. */
    private void record(Result result) {
        Instant now = clock.instant();
        switch (result.outcome()) {
            case DONE -> {
                Delivered delivered = result.delivered();
                String note = delivered.note();
                if (delivered.replacement() != null) {
                    String replacementId = Ids.newId();
                    repository.insert(replacementId, result.row().tenantId(),
                            channels.rowFor(result.row().tenantId(), delivered.replacement()), now);
                    note = note + " (message " + replacementId + ")";
                    wakeUp();
                }
                repository.markSent(result.row().id(), node, delivered.provider(), delivered.providerMessageId(),
                        note == null ? null : note.length() > 1000 ? note.substring(0, 1000) : note, now);
            }
            case RETRY -> repository.markRetry(result.row().id(), node, result.provider(), result.error(),
                    result.nextAttempt());
            case FAILED -> repository.markFailed(result.row().id(), node, result.provider(), result.error());
        }
    }

    /** Delay before the given attempt (2 = first retry): initial × 2^(n-2), capped, with jitter. */
    long delayBeforeAttempt(int attempt) {
        BackOffExecution execution = backOff.start();
        long delay = 0;
        for (int i = 1; i < attempt; i++) {
            delay = execution.nextBackOff();
        }
        return Math.max(0, delay);
    }

    /** What became of one claimed row's attempt, to be written with the rest of its round. */
    record Result(OutboxRepository.ClaimedRow row, Outcome outcome, Delivered delivered, String provider,
            String error, Instant nextAttempt) {

        enum Outcome { DONE, RETRY, FAILED }

        static Result done(OutboxRepository.ClaimedRow row, Delivered delivered) {
            return new Result(row, Outcome.DONE, delivered, null, null, null);
        }

        static Result retry(OutboxRepository.ClaimedRow row, String provider, String error, Instant next) {
            return new Result(row, Outcome.RETRY, null, provider, error, next);
        }

        static Result failed(OutboxRepository.ClaimedRow row, String provider, String error) {
            return new Result(row, Outcome.FAILED, null, provider, error, null);
        }
    }

    private void work() {
        while (running) {
            try {
                if (deliverDue() == 0) {
                    await(settings.pollInterval());
                }
            } catch (RuntimeException e) {
                log.warn("Dispatcher round failed, retrying after the poll interval: {}", ProviderException.describe(e));
                await(settings.pollInterval());
            }
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
