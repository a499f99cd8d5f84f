package dev.verity.delivery;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import dev.verity.shared.ServerKey;
import dev.verity.shared.VerityProperties;
import tools.jackson.databind.json.JsonMapper;

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
    private final ServerKey serverKey;
    private final JsonMapper json;
    private final EmailRenderer renderer;
    private final EmailSender emailSender;
    private final SmsGateway smsGateway;
    private final WebhookSender webhookSender;
    private final VerityProperties.Delivery settings;
    private final Clock clock;
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/" + Ids.newId().substring(0, 8);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ExponentialBackOff backOff;
    private volatile Instant nextStaleCheck = Instant.MIN;
    private volatile boolean running;
    private volatile boolean signalled;
    private ExecutorService workers;

    Dispatcher(OutboxRepository repository, TransactionTemplate transaction, ServerKey serverKey, JsonMapper json,
            EmailRenderer renderer, EmailSender emailSender, SmsGateway smsGateway, WebhookSender webhookSender,
            VerityProperties properties, Clock clock) {
        this.webhookSender = webhookSender;
        this.repository = repository;
        this.transaction = transaction;
        this.serverKey = serverKey;
        this.json = json;
        this.renderer = renderer;
        this.emailSender = emailSender;
        this.smsGateway = smsGateway;
        this.settings = properties.delivery();
        this.clock = clock;
        this.backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        backOff.setJitter(settings.initialBackoff().toMillis() / 2);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
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
        List<OutboxRepository.QueuedMessage> batch = transaction.execute(status -> {
            List<OutboxRepository.QueuedMessage> due = repository.lockDue(now, settings.batchSize());
            due.forEach(m -> repository.markClaimed(m.id(), node, now));
            return due;
        });
        for (OutboxRepository.QueuedMessage message : batch == null ? List.<OutboxRepository.QueuedMessage>of() : batch) {
            deliver(message);
        }
        return batch == null ? 0 : batch.size();
    }

    private void deliver(OutboxRepository.QueuedMessage message) {
        String provider = switch (message.kind()) {
            case Outbox.SMS -> String.join(",", smsGateway.names());
            case Outbox.WEBHOOK -> "webhook";
            default -> emailSender.name();
        };
        boolean webhook = Outbox.WEBHOOK.equals(message.kind());
        int maxAttempts = webhook ? settings.webhookSchedule().size() : settings.maxAttempts();
        try {
            Delivered delivery = send(message);
            repository.markSent(message.id(), node, delivery.provider(), delivery.providerMessageId(), clock.instant());
        } catch (Exception e) {
            String error = e instanceof ProviderException || e instanceof PermanentFailureException
                    ? e.getMessage() : webhook ? internalWebhookError(message, e) : describe(e);
            int attempt = message.attempts() + 1;
            if (attempt >= maxAttempts || e instanceof PermanentFailureException) {
                repository.markFailed(message.id(), node, provider, error);
                log.warn("Message {} failed after {} attempts: {}", message.id(), attempt, error);
            } else {
                Instant next = clock.instant().plusMillis(webhook
                        ? settings.webhookSchedule().get(attempt).toMillis()
                        : delayBeforeAttempt(attempt + 1));
                repository.markRetry(message.id(), node, provider, error, next);
                log.info("Message {} attempt {} failed, retrying at {}: {}", message.id(), attempt, next, error);
            }
        }
    }

    private Delivered send(OutboxRepository.QueuedMessage message) throws Exception {
        String payload = serverKey.open(message.sealedPayload());
        if (Outbox.WEBHOOK.equals(message.kind())) {
            return webhookSender.send(message.tenantId(), message.id(), json.readValue(payload, WebhookMessage.class));
        }
        if (Outbox.SMS.equals(message.kind())) {
            return smsGateway.send(json.readValue(payload, OutboundSms.class), message.id());
        }
        EmailRequest request = json.readValue(payload, EmailRequest.class);
        String providerId = emailSender.send(renderer.render(message.tenantId(), request), message.id());
        return new Delivered(emailSender.name(), providerId);
    }

    /**
     * A webhook's last error is shown to the tenant admin, so it holds only the sender's failure classes; a
     * failure outside the sender (an unreadable payload) is logged for the operator and recorded as a class.
     */
    private static String internalWebhookError(OutboxRepository.QueuedMessage message, Exception e) {
        log.warn("Webhook {} could not be sent: {}", message.id(), describe(e));
        return "internal_error";
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

    /** The failure as recorded: exception types and messages, never the message body. */
    static String describe(Exception e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
            parts.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        String text = String.join(" <- ", parts).replaceAll("[\\r\\n]+", " ");
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private void work() {
        while (running) {
            try {
                if (deliverDue() == 0) {
                    await(settings.pollInterval());
                }
            } catch (RuntimeException e) {
                log.warn("Dispatcher round failed, retrying after the poll interval: {}", describe(e));
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
