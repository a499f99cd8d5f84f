package dev.verity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reproduces docs/benchmarks.md: start-up and memory on H2 and PostgreSQL; each workload at 16 and 32 concurrent
 * clients against Verity on PostgreSQL and then on the embedded H2, with mail to a local SMTP sink; Keycloak's
 * send-verify-email at the same client counts; then pgbench running the reference transactions on the same
 * PostgreSQL. Run it with bench/run.sh, which prepares PostgreSQL and the jar.
 */
public final class Bench {

    private static final int[] LEVELS = {16, 32};

    private final Duration duration = Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "10")));
    private final Path jar = Path.of(env("BENCH_JAR", "server/target/verity.jar"));
    private final Path out = Path.of(env("BENCH_OUT", "bench/target")).toAbsolutePath();
    private final String pgHost = env("BENCH_PG_HOST", "127.0.0.1");
    private final int pgPort = Integer.parseInt(env("BENCH_PG_PORT", "55432"));
    private final String pgDatabase = env("BENCH_PG_DB", "verity");
    private final String pgUser = env("BENCH_PG_USER", "postgres");
    private final int smtpPort = Integer.parseInt(env("BENCH_SMTP_PORT", "2525"));
    private final Report report = new Report();

    public static void main(String[] args) throws Exception {
        new Bench().run();
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        report.line("Run " + ZonedDateTime.now() + ", " + duration.toSeconds() + " s per measurement, "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        boolean mailOnly = "mail".equals(env("BENCH_ONLY", ""));
        boolean h2Only = "h2".equals(env("BENCH_ONLY", ""));
        try (MailSink mail = new MailSink(smtpPort, Long.parseLong(env("BENCH_SMTP_DELAY_MS", "0")))) {
            if (!mailOnly) {
                startupOnH2();
            }
            if (h2Only) {
                // start-up, memory and the H2 workloads alone, without PostgreSQL or Keycloak
                loadOnH2(mail);
                System.out.println(report.render());
                return;
            }
            Map<String, String> env = nodeEnvironment("home-pg");
            env.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase);
            env.put("SPRING_DATASOURCE_USERNAME", pgUser);
            env.put("SPRING_DATASOURCE_PASSWORD", env("BENCH_PG_PASSWORD", ""));
            env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=" + out.resolve("verity.jfr")
                    + ",settings=profile,dumponexit=true");
            try (Node node = Node.start(jar, 18080, env, out.resolve("verity-pg.log"))) {
                Thread.sleep(3000);
                report.startup("PostgreSQL", node.readyMillis, node.rssMiB());
                Workloads workloads = new Workloads(new Api(node.base), mail, duration, "");
                workloads.prepare();
                workloads.warmUp();
                if (mailOnly) {
                    // mail throughput alone: one send run at 32 clients (BENCH_SECONDS, 60 s for the budget
                    // line) and the drain behind it
                    report.result(workloads.send(32), workloads.lastMail());
                    System.out.println(report.render());
                    return;
                }
                workloads.countCommits(new Commits(pgHost, pgPort, pgUser, pgDatabase));
                for (int level : LEVELS) {
                    Load.Result send = workloads.send(level);
                    report.result(send, workloads.lastMail());
                    report.commits("v1 send (its delivery included)", level, workloads.lastCommits(), send.requests());
                    Load.Result validate = workloads.validateRight(level);
                    report.result(validate, null);
                    report.commits("v1 validate (right code)", level, workloads.lastCommits(), validate.requests());
                    report.result(workloads.validateWrong(level), null);
                    report.result(workloads.v2Create(level), null);
                    report.result(workloads.v2Validate(level), null);
                }
                report.paced(workloads.sendPaced(report.peak("v1 send") / 2));
                report.paced(workloads.validatePaced(report.peak("v1 validate (right code)") / 2));
                report.loadedRss("PostgreSQL", node.rssMiB());
            }
            loadOnH2(mail);
            keycloak();
        }
        Pgbench pgbench = new Pgbench(pgHost, pgPort, pgUser, Path.of(env("BENCH_REFERENCE_DIR", "../shared/perf")));
        pgbench.prepare();
        for (int level : LEVELS) {
            report.pgbench(pgbench.send(level, (int) duration.toSeconds()));
            report.pgbench(pgbench.validate(level, (int) duration.toSeconds()));
        }
        String text = report.render();
        Files.writeString(out.resolve("report.md"), text);
        System.out.println(text);
    }

    /** The workloads on a node with the embedded H2 default, and its memory after them. */
    private void loadOnH2(MailSink mail) throws Exception {
        try (Node node = Node.start(jar, 18082, nodeEnvironment("home-h2-load"), out.resolve("verity-h2-load.log"))) {
            Workloads workloads = new Workloads(new Api(node.base), mail, duration, "H2: ");
            workloads.prepare();
            workloads.warmUp();
            for (int level : LEVELS) {
                report.result(workloads.send(level), workloads.lastMail());
                report.result(workloads.validateRight(level), null);
                report.result(workloads.v2Create(level), null);
                report.result(workloads.v2Validate(level), null);
            }
            report.loadedRss("H2", node.rssMiB());
        }
    }

    /** Keycloak's send-verify-email at the same client counts, on its start-dev database, mail to the same sink. */
    private void keycloak() throws Exception {
        if (!Keycloak.available()) {
            report.line("Keycloak: skipped, not installed at " + Keycloak.INSTALL + " (bench/keycloak.sh fetches it)");
            return;
        }
        try (Keycloak keycloak = Keycloak.start(out.resolve("keycloak-home"), 18180, smtpPort, null,
                out.resolve("keycloak.log"))) {
            report.startup("Keycloak start-dev (its dev-file H2)", keycloak.readyMillis, keycloak.rssMiB());
            keycloak.prepare(200);
            // unmeasured first, as for Verity: the measurement sees compiled code
            Load.closed("Keycloak warm-up", 16, Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "5")) * 2),
                    204, keycloak::sendVerifyEmail);
            for (int level : LEVELS) {
                report.result(Load.closed("Keycloak send-verify-email", level, duration, 204,
                        keycloak::sendVerifyEmail), null);
            }
        } catch (Exception e) {
            report.line("Keycloak: skipped, it did not run here (" + e.getMessage() + ")");
        }
    }

    /** Environment of a Verity node: the bench set-up, mail to the sink, and the run's own settings. */
    private Map<String, String> nodeEnvironment(String home) {
        Map<String, String> env = new HashMap<>(Map.of(
                "SPRING_MAIL_HOST", "127.0.0.1",
                "SPRING_MAIL_PORT", Integer.toString(smtpPort),
                "VERITY_IMPORT", "bench/bench-setup.yml",
                "VERITY_TRUSTED_PROXIES", "127.0.0.1",
                "VERITY_HOME", out.resolve(home).toString()));
        // settings to try without a rebuild: the run's own VERITY_*, SPRING_* and SERVER_* variables win
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("VERITY_") || name.startsWith("SPRING_") || name.startsWith("SERVER_")) {
                env.put(name, value);
            }
        });
        return env;
    }

    private void startupOnH2() throws Exception {
        List<Long> ready = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path home = out.resolve("home-h2-" + i);
            try (Node node = Node.start(jar, 18081, Map.of("VERITY_HOME", home.toString(),
                    "VERITY_IMPORT", "bench/bench-setup.yml"), out.resolve("verity-h2.log"))) {
                ready.add(node.readyMillis);
                if (i == 2) {
                    Thread.sleep(3000);
                    report.startup("H2 (runs: " + ready + " ms)", ready.stream().sorted().toList().get(1), node.rssMiB());
                }
            }
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Inputs prepared for the validate workloads: who validates which address with which code. */
    record Pending(String token, String email, String code, String id) {
    }

    /** Queue of prepared inputs; an empty queue ends the measurement early. */
    static final class Pool {
        private final ConcurrentLinkedQueue<Pending> items = new ConcurrentLinkedQueue<>();

        void add(Pending pending) {
            items.add(pending);
        }

        Pending take() throws Load.NoMoreWorkException {
            Pending next = items.poll();
            if (next == null) {
                throw new Load.NoMoreWorkException();
            }
            return next;
        }

        int size() {
            return items.size();
        }
    }
}
