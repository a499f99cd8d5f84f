package dev.verity.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Transactions committed in Verity's database so far, from {@code pg_stat_database.xact_commit}. */
final class Commits {

    private final List<String> command;

    Commits(String host, int port, String user, String database) {
        this.command = List.of("psql", "-At", "-h", host, "-p", Integer.toString(port), "-U", user, "-d", database,
                "-c", "select pg_stat_clear_snapshot(); select xact_commit from pg_stat_database where datname = '"
                        + database + "'");
    }

    long now() throws Exception {
        // the statistics collector publishes at most every 500 ms
        Thread.sleep(1200);
        Path log = Files.createTempFile("commits", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        List<String> lines = Files.readAllLines(log);
        Files.deleteIfExists(log);
        if (exit != 0) {
            throw new IllegalStateException("psql failed: " + lines);
        }
        return Long.parseLong(lines.get(lines.size() - 1).trim());
    }
}
