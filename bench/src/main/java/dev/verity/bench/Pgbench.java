package dev.verity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The yardstick: the reference transactions of {@code ../shared/perf/} (the minimum durable work of one send
 * and of one validate, one commit each) under pgbench, on the same PostgreSQL and at the same client counts
 * as Verity, in a database of their own ({@code refbench}). They are not Verity's statements and do not
 * change with them, so a costlier Verity cannot make its own yardstick cheaper.
 */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final String DATABASE = "refbench";

    record Result(String script, int clients, double tps, double averageMs) {
    }

    private final String host;
    private final int port;
    private final String user;
    private final Path reference;

    Pgbench(String host, int port, String user, Path reference) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.reference = reference;
    }

    /** A fresh {@code refbench} with the reference schema and its preload (a million challenges). */
    void prepare() throws Exception {
        if (!Files.isRegularFile(reference.resolve("reference-send.sql"))) {
            throw new IllegalStateException("the reference transactions are not at " + reference.toAbsolutePath()
                    + " (set BENCH_REFERENCE_DIR)");
        }
        run(List.of("dropdb", "--if-exists", "-h", host, "-p", Integer.toString(port), "-U", user, DATABASE));
        run(List.of("createdb", "-h", host, "-p", Integer.toString(port), "-U", user, DATABASE));
        psql("reference-schema.sql");
        psql("reference-preload.sql");
    }

    Result send(int clients, int seconds) throws Exception {
        return pgbench("reference-send.sql", clients, seconds, List.of());
    }

    /** Restores the pending challenges first, so that every validate finds one. */
    Result validate(int clients, int seconds) throws Exception {
        psql("reference-reset.sql");
        return pgbench("reference-validate.sql", clients, seconds, List.of("-D", "i=0", "-D", "nc=" + clients));
    }

    private void psql(String file) throws Exception {
        run(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", Integer.toString(port), "-U", user,
                "-d", DATABASE, "-f", reference.resolve(file).toString()));
    }

    private Result pgbench(String script, int clients, int seconds, List<String> variables) throws Exception {
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-h", host, "-p",
                Integer.toString(port), "-U", user, "-c", Integer.toString(clients), "-j", "2", "-T",
                Integer.toString(seconds)));
        command.addAll(variables);
        command.addAll(List.of("-f", reference.resolve(script).toString(), DATABASE));
        String out = run(command);
        Matcher tps = TPS.matcher(out);
        Matcher latency = LATENCY.matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench printed no tps:\n" + out);
        }
        return new Result(script, clients, Double.parseDouble(tps.group(1)),
                latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN);
    }

    private static String run(List<String> command) throws Exception {
        List<String> full = new ArrayList<>(command);
        Path log = Files.createTempFile("pgbench", ".log");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        String out = Files.readString(log);
        Files.deleteIfExists(log);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
