package dev.verity.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The five workloads of the issue, and the inputs they need. Every request uses a fresh address, so no
 * request is a 409 or meets a cooldown; validate workloads consume codes read from the SMTP sink.
 */
final class Workloads {

    private static final int USERS = 200;
    private static final int POOL = 6000;

    private final Api api;
    private final MailSink mail;
    private final Duration duration;
    private final List<String> userTokens = new ArrayList<>();
    private final List<String> registrationTokens = new ArrayList<>();
    private final ConcurrentLinkedQueue<Bench.Pending> pendingForWrong = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Bench.Pending> v2Created = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final String label;
    private Report.Mail lastMail;
    private Commits commits;
    private long lastCommits = -1;

    /** {@code label} heads the workload names of this node's results ("" on PostgreSQL, "H2: " on H2). */
    Workloads(Api api, MailSink mail, Duration duration, String label) {
        this.label = label;
        this.api = api;
        this.mail = mail;
        this.duration = duration;
    }

    void prepare() throws Exception {
        for (int i = 0; i < USERS; i++) {
            userTokens.add(api.newUserToken("user-" + i + "-" + System.nanoTime() + "@bench.test"));
            registrationTokens.add(api.register("reg-" + i + "-" + System.nanoTime() + "@bench.test"));
        }
        mail.purge();
    }

    /**
     * Runs each workload unmeasured for a while first (BENCH_WARMUP_SECONDS, 5 s each by default), so that
     * the measurements see compiled code rather than the JIT compiler at work.
     */
    void warmUp() throws Exception {
        Duration warm = Duration.ofSeconds(Long.parseLong(Bench.env("BENCH_WARMUP_SECONDS", "5")));
        if (warm.isZero()) {
            return;
        }
        Workloads quiet = new Workloads(api, mail, warm, "warm-up ");
        quiet.userTokens.addAll(userTokens);
        quiet.registrationTokens.addAll(registrationTokens);
        quiet.sequence.set(1_000_000); // its addresses never meet the measured runs' addresses
        quiet.send(16);
        quiet.validateRight(16);
        quiet.v2Create(16);
        quiet.v2Validate(16);
        mail.purge();
    }

    /** Counts the commits of the send and validate runs from now on (PostgreSQL only). */
    void countCommits(Commits counter) {
        this.commits = counter;
    }

    /** Commits during the last send (its deliveries included) or right-code validate run; -1 uncounted. */
    long lastCommits() {
        return lastCommits;
    }

    private long commitsNow() throws Exception {
        return commits == null ? -1 : commits.now();
    }

    Report.Mail lastMail() {
        return lastMail;
    }

    Load.Result send(int level) throws Exception {
        mail.purge();
        long before = mail.received();
        long commitsBefore = commitsNow();
        String tag = "s" + level + "-" + sequence.incrementAndGet();
        Load.Result result = Load.closed(label + "v1 send", level, duration, 200, (worker, n) -> {
            String token = userTokens.get((int) ((worker * 7919L + n) % USERS));
            String email = tag + "-" + worker + "-" + n + "@bench.test";
            int status = api.sendEmailOtp(token, email);
            if (pendingForWrong.size() < POOL) {
                pendingForWrong.add(new Bench.Pending(token, email, null, null));
            }
            return status;
        });
        long deliveredDuring = mail.received() - before;
        long drainStart = System.nanoTime();
        long accepted = result.requests() - result.errors();
        while (mail.received() - before < accepted && System.nanoTime() - drainStart < 120_000_000_000L) {
            Thread.sleep(50);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        lastCommits = commits == null ? -1 : commitsNow() - commitsBefore;
        lastMail = new Report.Mail(label, level, accepted / result.seconds(), deliveredDuring / result.seconds(),
                (mail.received() - before) / (result.seconds() + drainSeconds), drainSeconds);
        return result;
    }

    Load.Result validateRight(int level) throws Exception {
        Bench.Pool pool = pendingCodes(POOL, level);
        long commitsBefore = commitsNow();
        Load.Result result = Load.closed(label + "v1 validate (right code)", level, duration, 200, (worker, n) -> {
            Bench.Pending p = pool.take();
            return api.validateEmailOtp(p.token(), p.email(), p.code());
        });
        lastCommits = commits == null ? -1 : commitsNow() - commitsBefore;
        return result;
    }

    Load.Result validateWrong(int level) throws Exception {
        List<Bench.Pending> targets = new ArrayList<>(pendingForWrong);
        return Load.closed(label + "v1 validate (wrong code)", level, duration, 400, (worker, n) -> {
            Bench.Pending p = targets.get((int) ((worker * 104729L + n) % targets.size()));
            return api.validateEmailOtp(p.token(), p.email(), "000000");
        });
    }

    Load.Result v2Create(int level) throws Exception {
        mail.purge();
        v2Created.clear();
        String tag = "c" + level + "-" + sequence.incrementAndGet();
        return Load.closed(label + "v2 email validation create", level, duration, 200, (worker, n) -> {
            String token = registrationTokens.get((int) ((worker * 7919L + n) % USERS));
            String email = tag + "-" + worker + "-" + n + "@bench.test";
            Api.Reply reply = api.createEmailValidation(token, email);
            if (reply.status() == 200) {
                v2Created.add(new Bench.Pending(token, email, null, reply.json().at("/data/_id").asString()));
            }
            return reply.status();
        });
    }

    Load.Result v2Validate(int level) throws Exception {
        Map<String, String> codes = awaitCodes("c" + level + "-", v2Created.size());
        Bench.Pool pool = new Bench.Pool();
        for (Bench.Pending p : v2Created) {
            String code = codes.get(p.email());
            if (code != null) {
                pool.add(new Bench.Pending(p.token(), p.email(), code, p.id()));
            }
        }
        mail.purge();
        return Load.closed(label + "v2 email validation validate", level, duration, 200, (worker, n) -> {
            Bench.Pending p = pool.take();
            return api.validateEmailValidation(p.token(), p.id(), p.email(), p.code());
        });
    }

    Load.Result sendPaced(double rate) throws Exception {
        mail.purge();
        String tag = "p-" + sequence.incrementAndGet();
        return Load.paced(label + "v1 send", 64, duration, 200, rate, (worker, n) -> api.sendEmailOtp(
                userTokens.get((int) ((worker * 7919L + n) % USERS)), tag + "-" + worker + "-" + n + "@bench.test"));
    }

    Load.Result validatePaced(double rate) throws Exception {
        Bench.Pool pool = pendingCodes((int) Math.min(POOL, rate * duration.toSeconds() * 1.1 + 100), 64);
        return Load.paced(label + "v1 validate (right code)", 64, duration, 200, rate, (worker, n) -> {
            Bench.Pending p = pool.take();
            return api.validateEmailOtp(p.token(), p.email(), p.code());
        });
    }

    /** Sends {@code count} codes (not measured) and waits for them to arrive. */
    private Bench.Pool pendingCodes(int count, int level) throws Exception {
        mail.purge();
        String tag = "v" + level + "-" + sequence.incrementAndGet() + "-";
        List<Bench.Pending> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Thread thread = new Thread(() -> {
                long i;
                while ((i = next.getAndIncrement()) < count) {
                    String token = userTokens.get((int) (i % USERS));
                    String email = tag + i + "@bench.test";
                    try {
                        if (api.sendEmailOtp(token, email) == 200) {
                            sent.add(new Bench.Pending(token, email, null, null));
                        }
                    } catch (Exception e) {
                        // a failed preparation send only makes the pool smaller
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Map<String, String> codes = awaitCodes(tag, sent.size());
        Bench.Pool pool = new Bench.Pool();
        for (Bench.Pending p : sent) {
            String code = codes.get(p.email());
            if (code != null) {
                pool.add(new Bench.Pending(p.token(), p.email(), code, null));
            }
        }
        mail.purge();
        return pool;
    }

    private Map<String, String> awaitCodes(String prefix, int expected) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (mail.received() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return mail.codes(prefix);
    }
}
