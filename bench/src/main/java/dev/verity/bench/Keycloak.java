package dev.verity.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keycloak in start-dev mode (the distribution bench/keycloak.sh unpacks into bench/target/keycloak), for
 * measuring its {@code send-verify-email} admin operation next to Verity's send: realm {@code bench} mails to
 * the benchmark's SMTP sink, and the data lives in start-dev's dev-file H2 database or in the benchmark's
 * PostgreSQL. kc.sh runs Keycloak's JVM as its child (or execs it after re-augmenting the build), so memory
 * and stopping cover the whole process tree.
 */
final class Keycloak implements AutoCloseable {

    static final Path INSTALL = Path.of("bench/target/keycloak");
    private static final String REALM = "bench";
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "bench-admin-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    final long readyMillis;
    final String base;
    private final int smtpPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> userIds = new ArrayList<>();
    private final ScheduledExecutorService tokenRefresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "keycloak-token");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> refreshing;
    private volatile String token;

    private Keycloak(Process process, long readyMillis, String base, int smtpPort) {
        this.process = process;
        this.readyMillis = readyMillis;
        this.base = base;
        this.smtpPort = smtpPort;
    }

    static boolean available() {
        return Files.isRegularFile(INSTALL.resolve("bin/kc.sh"));
    }

    /**
     * Starts Keycloak on 127.0.0.1:{@code httpPort}, on PostgreSQL (user postgres, no password) when
     * {@code jdbcUrlOrNull} is given, else on a dev-file database under {@code home}. Ready is when the master
     * realm answers, which is after the bootstrap admin exists. A start whose build options differ from the
     * last one (switching databases, the first start) re-augments Keycloak first, which is counted.
     */
    static Keycloak start(Path home, int httpPort, int smtpPort, String jdbcUrlOrNull, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(INSTALL.resolve("bin/kc.sh").toAbsolutePath().toString(),
                "start-dev", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                // start-dev rereads themes on every use; production caches them, and mails are rendered from them
                "--spi-theme--cache-themes=true", "--spi-theme--cache-templates=true"));
        if (jdbcUrlOrNull != null) {
            command.addAll(List.of("--db=postgres", "--db-url=" + jdbcUrlOrNull, "--db-username=postgres"));
        }
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "JAVA_HOME", javaHome().toString(),
                // jboss-threads resets thread locals of ending threads through java.lang, closed from Java 24 on
                "JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "KC_DB_URL_PATH", home.toAbsolutePath().toString()));
        long started = System.nanoTime();
        Process process = builder.start();
        String base = "http://127.0.0.1:" + httpPort;
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = started + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                stop(process);
                throw new IllegalStateException("Keycloak exited during start-up; see " + log);
            }
            try {
                if (probe.send(HttpRequest.newBuilder(URI.create(base + "/realms/master")).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new Keycloak(process, (System.nanoTime() - started) / 1_000_000, base, smtpPort);
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(20);
        }
        stop(process);
        throw new IllegalStateException("Keycloak was not ready within 180 s; see " + log);
    }

    /**
     * Creates realm {@code bench} (replacing one left in the database) with mail to the sink, and {@code users}
     * users with unverified addresses under {@code @kc.bench.test}. The admin token of the master realm lives
     * 60 s, so from here on a daemon thread fetches a new one every third of its lifetime.
     */
    void prepare(int users) throws Exception {
        int lifetime = refreshToken();
        if (refreshing == null) {
            long period = Math.max(5, lifetime / 3);
            refreshing = tokenRefresher.scheduleWithFixedDelay(() -> {
                try {
                    refreshToken();
                } catch (Exception e) {
                    // the current token is still valid for two more periods; the next attempt comes first
                }
            }, period, period, TimeUnit.SECONDS);
        }
        int deleted = send("DELETE", "/admin/realms/" + REALM, null).statusCode();
        if (deleted != 204 && deleted != 404) {
            throw new IllegalStateException("delete realm: " + deleted);
        }
        HttpResponse<String> realm = send("POST", "/admin/realms", Map.of("realm", REALM, "enabled", true,
                "smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtpPort),
                        "from", "keycloak@bench.test")));
        if (realm.statusCode() != 201) {
            throw new IllegalStateException("create realm: " + realm.statusCode() + " " + realm.body());
        }
        userIds.clear();
        for (int i = 0; i < users; i++) {
            HttpResponse<String> user = send("POST", "/admin/realms/" + REALM + "/users", Map.of(
                    "username", "kc-user-" + i, "email", "kc-user-" + i + "-" + System.nanoTime() + "@kc.bench.test",
                    "emailVerified", false, "enabled", true));
            String location = user.headers().firstValue("Location").orElse("");
            if (user.statusCode() != 201 || location.isEmpty()) {
                throw new IllegalStateException("create user: " + user.statusCode() + " " + user.body());
            }
            userIds.add(location.substring(location.lastIndexOf('/') + 1));
        }
    }

    /** One send-verify-email to a user picked from {@code worker} and {@code n}; Keycloak answers 204. */
    int sendVerifyEmail(int worker, long n) throws Exception {
        String id = userIds.get((int) ((worker * 7919L + n) % userIds.size()));
        return http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + REALM + "/users/" + id
                        + "/send-verify-email")).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Resident set size of kc.sh and Keycloak's JVM together, in MiB, from /proc. */
    double rssMiB() {
        long kib = 0;
        for (ProcessHandle handle : tree(process)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                // the process ended meanwhile
            }
        }
        return kib / 1024.0;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        tokenRefresher.shutdownNow();
        stop(process);
    }

    /** SIGTERM to kc.sh and every process under it, then SIGKILL to whatever is left after 30 s. */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> tree = tree(process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static List<ProcessHandle> tree(Process process) {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    }

    /** Fetches a master-realm admin token for admin-cli; returns its lifetime in seconds. */
    private int refreshToken() throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password="
                + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/realms/master/protocol/openid-connect/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin token: " + response.statusCode() + " " + response.body());
        }
        JsonNode json = JSON.readTree(response.body());
        token = json.get("access_token").asString();
        return json.path("expires_in").asInt(60);
    }

    private HttpResponse<String> send(String method, String path, Object json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The JDK for Keycloak, which supports 21 and later: BENCH_KEYCLOAK_JAVA_HOME if set, this JVM if it is
     * recent enough, else the newest JDK of 21 or later under /usr/lib/jvm, else this JVM after all.
     */
    static Path javaHome() {
        String chosen = Bench.env("BENCH_KEYCLOAK_JAVA_HOME", "");
        if (!chosen.isEmpty()) {
            return Path.of(chosen);
        }
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 21) {
            return current;
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")) && feature(jdk) >= 21)
                    .max(Comparator.comparingInt(Keycloak::feature)).orElse(current);
        } catch (IOException noJvmDirectory) {
            return current;
        }
    }

    /** The feature version in a JDK's release file ({@code JAVA_VERSION="25.0.3"}), or 0. */
    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return Integer.parseInt(line.replaceAll("^JAVA_VERSION=\"?(\\d+).*$", "$1"));
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // not a JDK this can tell
        }
        return 0;
    }
}
