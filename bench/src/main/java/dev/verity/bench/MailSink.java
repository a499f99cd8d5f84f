package dev.verity.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMTP server Verity delivers to: {@link SmtpSink} in a process of its own, whose output this reads.
 * It counts messages for the mail throughput figures, keeps each recipient's newest code for the validate
 * workloads and the time its {@code 250} went out, for accept-to-inbox latency.
 */
final class MailSink implements AutoCloseable {

    private final Process process;
    private final AtomicLong received = new AtomicLong();
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();

    MailSink(int port, long replyDelayMs) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        // the benchmark is a Spring Boot jar: its launcher finds the sink's class inside it
        process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-Dloader.main=" + SmtpSink.class.getName(), "-cp", classpath,
                "org.springframework.boot.loader.launch.PropertiesLauncher", Integer.toString(port),
                Long.toString(replyDelayMs)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            process.destroyForcibly();
            throw new IOException("the SMTP sink did not start: " + first);
        }
        Thread reader = new Thread(() -> read(out), "mail-sink-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String[] parts = line.split(" ");
                if (parts.length == 3) {
                    acceptedAt.put(parts[1], Long.parseLong(parts[0]));
                    if (!parts[2].equals("-")) {
                        codes.put(parts[1], parts[2]);
                    }
                    received.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // the sink stopped
        }
    }

    /** Messages received since the last {@link #purge()}. */
    int received() {
        return (int) received.get();
    }

    /** The code of the newest message to each recipient whose address starts with {@code prefix}. */
    Map<String, String> codes(String prefix) {
        Map<String, String> found = new HashMap<>();
        codes.forEach((to, code) -> {
            if (to.startsWith(prefix)) {
                found.put(to, code);
            }
        });
        return found;
    }

    /** When the sink said {@code 250} for the newest message to {@code recipient} (epoch ms), or null. */
    Long acceptedAt(String recipient) {
        return acceptedAt.get(recipient);
    }

    void purge() {
        received.set(0);
        codes.clear();
        acceptedAt.clear();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
