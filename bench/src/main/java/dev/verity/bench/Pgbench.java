package dev.verity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's ceiling: pgbench running the statements of one send or one validate (bench/pgbench/*.sql) on
 * the same PostgreSQL, at the same client counts, with durable commits.
 */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    record Result(String script, int clients, double tps, double averageMs) {
    }

    private final String host;
    private final int port;
    private final String database;
    private final String user;

    Pgbench(String host, int port, String database, String user) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
    }

    void seed(Path sql) throws Exception {
        run(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", Integer.toString(port), "-U", user,
                "-d", database, "-f", sql.toString()));
    }

    Result run(Path script, int clients, int seconds) throws Exception {
        String out = run(List.of("pgbench", "-n", "-M", "simple", "-h", host, "-p", Integer.toString(port),
                "-U", user, "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(seconds),
                "-f", script.toString(), database));
        Matcher tps = TPS.matcher(out);
        Matcher latency = LATENCY.matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench printed no tps:\n" + out);
        }
        return new Result(script.getFileName().toString(), clients, Double.parseDouble(tps.group(1)),
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
