package dev.verity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up through the JVM's class-data archive, used when the build left one beside the jar.
 *
 * <p>{@code ./mvnw package} unpacks {@code verity.jar} into {@code fast-start/} next to it and records, in a
 * training start, a class-data archive of everything Verity loads while it starts (AppCDS on Java 17–24, the
 * AOT cache on 25 and later). A JVM can only be given an archive on its command line, so when
 * {@code java -jar verity.jar} finds a current one — made from this very jar by this very JVM — it starts
 * Verity in a child JVM with the archive, passes its own JVM options and arguments on, forwards a stop to it
 * and exits with its status. The child halts when this process dies without stopping it (a {@code kill -9}
 * ends both, as it would end one). Without a current archive, or with {@code VERITY_FAST_START=off}, Verity
 * starts in this JVM, as before.
 */
final class FastStart {

    static final String DIRECTORY = "fast-start";
    static final String STAMP = "verity.stamp";
    private static final String CHILD = "verity.fast-start.child";
    private static final String TRAINING = "verity.fast-start.training";

    private FastStart() {
    }

    /**
     * Runs Verity in a child JVM with the archive when one is current, and returns its exit status;
     * empty when Verity should start in this JVM.
     */
    static Optional<Integer> handOver(String[] args) {
        String training = System.getProperty(TRAINING);
        if (training != null) {
            writeStamp(Path.of(training), System.getProperty(TRAINING + ".archive", ""));
            return Optional.empty();
        }
        if (System.getProperty(CHILD) != null) {
            haltWithParent();
            return Optional.empty();
        }
        if ("off".equalsIgnoreCase(System.getenv("VERITY_FAST_START"))) {
            return Optional.empty();
        }
        Optional<List<String>> archiveOptions = archiveOptions(Path.of(System.getProperty("java.class.path", "")));
        Optional<List<String>> ownOptions = ownOptions();
        if (archiveOptions.isEmpty() || ownOptions.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(runChild(ownOptions.get(), archiveOptions.get(), args));
        } catch (IOException e) {
            System.err.println("Verity: the fast start failed (" + e.getMessage() + "); starting without it");
            return Optional.empty();
        }
    }

    /**
     * The JVM options that load the archive beside {@code jar}, when the stamp the build wrote says that
     * archive was made from this jar (same size and time) by this JVM (same version and home).
     */
    static Optional<List<String>> archiveOptions(Path jar) {
        Path directory = jar.toAbsolutePath().getParent() == null ? null
                : jar.toAbsolutePath().getParent().resolve(DIRECTORY);
        if (directory == null || !jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try {
            Map<String, String> stamp = read(directory.resolve(STAMP));
            String archive = stamp.getOrDefault("archive", "");
            Path archiveFile = directory.resolve(archive);
            Path unpacked = directory.resolve(jar.getFileName());
            boolean current = stamp.getOrDefault("jar", "").equals(identity(jar))
                    && stamp.getOrDefault("vm", "").equals(vm())
                    && !archive.isEmpty() && Files.isRegularFile(archiveFile) && Files.isRegularFile(unpacked);
            if (!current) {
                return Optional.empty();
            }
            String option = archive.endsWith(".aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
            return Optional.of(List.of(option + archiveFile, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-D" + CHILD + "=true", "-jar", unpacked.toString()));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** In the build's training start: records which jar and which JVM the archive belongs to. */
    static void writeStamp(Path jar, String archive) {
        String text = "jar=%s%nvm=%s%narchive=%s%n";
        try {
            Files.writeString(jar.toAbsolutePath().getParent().resolve(DIRECTORY).resolve(STAMP),
                    text.formatted(identity(jar), vm(), archive), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the fast-start stamp beside " + jar, e);
        }
    }

    private static int runChild(List<String> ownOptions, List<String> archiveOptions, String[] args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(footprintDefaults(ownOptions, System.getenv()));
        command.addAll(ownOptions);
        command.addAll(archiveOptions);
        command.addAll(List.of(args));
        // the environment as it is: JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS reach the child the same way
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // glibc's default of 8 malloc arenas per core holds on to freed native memory; two are enough here
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        stopOwnRecordings();
        Process child = builder.start();
        // from here on this JVM only waits: hand its heap back to the system
        System.gc();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "verity-fast-start-stop"));
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the child's end is this process's end
            }
        }
    }

    /**
     * Memory settings for a service that needs little heap, given to the child unless its command line or
     * {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS} already choose a collector or a heap size: the serial
     * collector (the one the JVM itself picks on small machines, and the leanest), a heap that starts small and
     * grows to at most {@value #MAX_HEAP}, and a young generation of at most {@value #MAX_NEW} (short-lived
     * request garbage; a larger one only adds resident memory). Without these, the JVM on a 24 GiB machine lets
     * the heap grow to 6 GiB and holds on to what it once used.
     */
    static List<String> footprintDefaults(List<String> ownOptions, Map<String, String> environment) {
        String chosen = String.join(" ", ownOptions) + " " + environment.getOrDefault("JAVA_TOOL_OPTIONS", "")
                + " " + environment.getOrDefault("JDK_JAVA_OPTIONS", "");
        List<String> defaults = new ArrayList<>();
        if (!chosen.matches("(?s).*-XX:[+]Use\\w*GC\\b.*")) {
            defaults.add("-XX:+UseSerialGC");
        }
        if (!chosen.matches("(?s).*(-Xmx|-Xms|-Xmn|-XX:MaxHeapSize|-XX:InitialHeapSize|-XX:MaxRAM|-XX:InitialRAM"
                + "|-XX:MinRAM|-XX:(Max)?NewSize).*")) {
            defaults.addAll(List.of("-Xms" + MIN_HEAP, "-Xmx" + MAX_HEAP, "-XX:MaxNewSize=" + MAX_NEW));
        }
        if (trimsNativeHeap(Runtime.version()) && !chosen.contains("TrimNativeHeapInterval")) {
            // C2's arenas and the start-up's parsing leave freed native memory that glibc keeps otherwise
            defaults.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000"));
        }
        return defaults;
    }

    /** Whether this JVM knows {@code -XX:TrimNativeHeapInterval} (JDK 22, back-ported to 21.0.1 and 17.0.9). */
    static boolean trimsNativeHeap(Runtime.Version version) {
        int feature = version.feature();
        return feature >= 22 || feature == 21 && version.update() >= 1 || feature == 17 && version.update() >= 9;
    }

    private static final String MIN_HEAP = "32m";
    private static final String MAX_HEAP = "256m";
    private static final String MAX_NEW = "48m";

    /**
     * A flight recording asked for on this JVM's command line belongs to the child, which gets the same
     * option; this JVM's own would overwrite the child's file when it exits after it.
     */
    private static void stopOwnRecordings() {
        try {
            if (!jdk.jfr.FlightRecorder.isInitialized()) {
                return;
            }
            jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().forEach(jdk.jfr.Recording::close);
        } catch (LinkageError | RuntimeException noRecorder) {
            // a runtime without jdk.jfr records nothing
        }
    }

    /** The JVM options on this process's command line (what comes before {@code -jar}); empty without one. */
    private static Optional<List<String>> ownOptions() {
        String[] all = ProcessHandle.current().info().arguments().orElse(new String[0]);
        List<String> options = new ArrayList<>();
        for (String argument : all) {
            if (argument.equals("-jar")) {
                return Optional.of(options);
            }
            options.add(argument);
        }
        return Optional.empty();
    }

    private static void haltWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit()
                .thenRun(() -> Runtime.getRuntime().halt(137)));
    }

    private static String identity(Path jar) throws IOException {
        return Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis();
    }

    private static String vm() {
        return System.getProperty("java.vm.version") + "@" + System.getProperty("java.home");
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }
}
