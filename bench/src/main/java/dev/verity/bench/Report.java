package dev.verity.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the measurements and renders them as the Markdown tables of docs/benchmarks.md. */
final class Report {

    record Mail(String label, int level, double acceptedPerSecond, double deliveredPerSecondDuring, double deliveredPerSecondOverall,
            double drainSeconds) {
    }

    private final List<String> header = new ArrayList<>();
    private final List<String> startup = new ArrayList<>();
    private final List<Load.Result> results = new ArrayList<>();
    private final List<Mail> mails = new ArrayList<>();
    private final List<Load.Result> paced = new ArrayList<>();
    private final List<Pgbench.Result> pgbench = new ArrayList<>();
    private final List<String> commits = new ArrayList<>();
    private final List<String> loadedRss = new ArrayList<>();

    void line(String text) {
        header.add(text);
    }

    void startup(String database, long readyMillis, double rssMiB) {
        startup.add(String.format(Locale.ROOT, "| %s | %d | %.0f |", database, readyMillis, rssMiB));
    }

    void commits(String workload, int level, long committed, long requests) {
        commits.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f |", workload, level, requests, committed,
                (double) committed / Math.max(1, requests)));
        System.out.println(commits.get(commits.size() - 1));
    }

    void loadedRss(String database, double mib) {
        loadedRss.add(String.format(Locale.ROOT, "RSS after the load runs (%s): %.0f MiB", database, mib));
        System.out.println(loadedRss.get(loadedRss.size() - 1));
    }

    void result(Load.Result result, Mail mail) {
        results.add(result);
        System.out.println(row(result));
        if (mail != null) {
            mails.add(mail);
        }
    }

    void paced(Load.Result result) {
        paced.add(result);
        System.out.println("paced " + row(result));
    }

    void pgbench(Pgbench.Result result) {
        pgbench.add(result);
        System.out.println(String.format(Locale.ROOT, "pgbench %s c=%d %.0f tps", result.script(), result.clients(),
                result.tps()));
    }

    double peak(String name) {
        return results.stream().filter(r -> r.name().equals(name)).mapToDouble(Load.Result::throughput).max().orElse(0);
    }

    String render() {
        StringBuilder s = new StringBuilder();
        header.forEach(h -> s.append(h).append("\n\n"));
        s.append("### Start-up and memory\n\n| database | ready (ms) | idle RSS (MiB) |\n|---|---|---|\n");
        startup.forEach(line -> s.append(line).append('\n'));
        s.append('\n');
        loadedRss.forEach(line -> s.append(line).append("\n\n"));
        s.append("### Workloads (closed loop)\n\n| workload | clients | req/s | p50 ms | p99 ms | p99.9 ms | errors | requests |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        results.forEach(r -> s.append(row(r)).append('\n'));
        s.append("\n### At half the peak rate (paced, latency from the scheduled start)\n\n"
                + "| workload | clients | req/s | p50 ms | p99 ms | p99.9 ms | errors | requests |\n|---|---|---|---|---|---|---|---|\n");
        paced.forEach(r -> s.append(row(r)).append('\n'));
        s.append("\n### Reference transactions under pgbench (../shared/perf, durable commits)\n\n| script | clients | tps | avg ms |\n|---|---|---|---|\n");
        pgbench.forEach(p -> s.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f |%n", p.script(), p.clients(),
                p.tps(), p.averageMs())));
        s.append("\n### Verity / reference\n\n| workload | clients | Verity req/s | reference tps | ratio |\n|---|---|---|---|---|\n");
        for (Pgbench.Result p : pgbench) {
            String name = p.script().contains("send") ? "v1 send" : "v1 validate (right code)";
            results.stream().filter(r -> r.name().equals(name) && r.concurrency() == p.clients()).findFirst()
                    .ifPresent(r -> s.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f %% |%n", name,
                            p.clients(), r.throughput(), p.tps(), 100 * r.throughput() / p.tps())));
        }
        s.append("\n### Commits (pg_stat_database.xact_commit during the run)\n\n"
                + "| workload | clients | requests | commits | per request |\n|---|---|---|---|---|\n");
        commits.forEach(line -> s.append(line).append('\n'));
        s.append("\n### Verity / Keycloak (send, same run)\n\n| clients | Verity v1 send req/s | Keycloak send-verify-email req/s | ratio |\n|---|---|---|---|\n");
        for (Load.Result k : results.stream().filter(r -> r.name().startsWith("Keycloak")).toList()) {
            results.stream().filter(r -> r.name().equals("v1 send") && r.concurrency() == k.concurrency()).findFirst()
                    .ifPresent(v -> s.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.1f× |%n", k.concurrency(),
                            v.throughput(), k.throughput(), v.throughput() / k.throughput())));
        }
        s.append("\n### Mail (dispatcher to SMTP) during the send runs\n\n"
                + "| database | clients | sends accepted/s | mails delivered/s during | delivered/s incl. drain | drain after the run (s) |\n"
                + "|---|---|---|---|---|---|\n");
        mails.forEach(m -> s.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.1f |%n",
                m.label().isEmpty() ? "PostgreSQL" : m.label().replace(": ", ""), m.level(),
                m.acceptedPerSecond(), m.deliveredPerSecondDuring(), m.deliveredPerSecondOverall(), m.drainSeconds())));
        return s.toString();
    }

    private static String row(Load.Result r) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %d | %d |", r.name(), r.concurrency(),
                r.throughput(), r.ms(50), r.ms(99), r.ms(99.9), r.errors(), r.requests());
    }
}
