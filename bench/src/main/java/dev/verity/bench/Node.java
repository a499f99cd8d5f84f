package dev.verity.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One Verity process: started from the jar, timed until ready, measured for RSS, stopped with SIGTERM. */
final class Node implements AutoCloseable {

    private final Process process;
    final long readyMillis;
    final String base;

    private Node(Process process, long readyMillis, String base) {
        this.process = process;
        this.readyMillis = readyMillis;
        this.base = base;
    }

    static Node start(Path jar, int port, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary(), "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        long started = System.nanoTime();
        Process process = builder.start();
        String base = "http://127.0.0.1:" + port;
        Api api = new Api(base);
        long deadline = started + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Verity exited during start-up; see " + log);
            }
            try {
                if (api.get("/actuator/health/readiness") == 200) {
                    return new Node(process, (System.nanoTime() - started) / 1_000_000, base);
                }
            } catch (Exception notYet) {
                // the port is not open yet
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Verity was not ready within 120 s; see " + log);
    }

    /**
     * Resident set size in MiB, from /proc: the process and its descendants (with a class-data archive, the jar
     * starts Verity in a child JVM and waits for it).
     */
    double rssMiB() throws Exception {
        return rssMiB(process.toHandle());
    }

    static double rssMiB(ProcessHandle root) throws Exception {
        double total = 0;
        for (ProcessHandle handle : java.util.stream.Stream.concat(java.util.stream.Stream.of(root),
                root.descendants()).toList()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (java.io.IOException gone) {
                // the process ended while it was read
            }
        }
        return total;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
