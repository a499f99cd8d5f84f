package dev.verity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive beside the jar is used only while it belongs to that jar and to the JVM that runs it. */
class FastStartTest {

    @TempDir
    Path target;

    private Path jar;

    @BeforeEach
    void build() throws Exception {
        jar = Files.write(target.resolve("verity.jar"), new byte[] {1, 2, 3});
        Path fast = Files.createDirectories(target.resolve(FastStart.DIRECTORY));
        Files.write(fast.resolve("verity.jar"), new byte[] {4});
        Files.write(fast.resolve("verity.jsa"), new byte[] {5});
        FastStart.writeStamp(jar, "verity.jsa");
    }

    @Test
    void aCurrentArchiveStartsTheUnpackedJarWithIt() {
        assertThat(FastStart.archiveOptions(jar)).hasValueSatisfying(options -> assertThat(options)
                .contains("-XX:SharedArchiveFile=" + target.resolve("fast-start/verity.jsa").toAbsolutePath(),
                        "-jar", target.resolve("fast-start/verity.jar").toAbsolutePath().toString()));
    }

    @Test
    void aRebuiltJarIsNotStartedFromTheOldUnpackedCopy() throws Exception {
        Files.write(jar, new byte[] {1, 2, 3, 4});
        assertThat(FastStart.archiveOptions(jar)).isEmpty();

        Files.write(jar, new byte[] {9, 9, 9});
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertThat(FastStart.archiveOptions(jar)).isEmpty();
    }

    @Test
    void anArchiveOfAnotherJvmIsNotUsed() throws Exception {
        Path stamp = target.resolve("fast-start").resolve(FastStart.STAMP);
        Files.writeString(stamp, Files.readString(stamp).replaceAll("(?m)^vm=.*$", "vm=11.0.2@/opt/other-jdk"));
        assertThat(FastStart.archiveOptions(jar)).isEmpty();
    }

    @Test
    void withoutAnArchiveOrAStampVerityStartsInItsOwnJvm() throws Exception {
        Files.delete(target.resolve("fast-start/verity.jsa"));
        assertThat(FastStart.archiveOptions(jar)).isEmpty();

        Files.delete(target.resolve("fast-start").resolve(FastStart.STAMP));
        assertThat(FastStart.archiveOptions(jar)).isEmpty();
        assertThat(FastStart.archiveOptions(target.resolve("missing.jar"))).isEmpty();
    }

    @Test
    void theChildGetsALeanHeapUnlessTheOperatorChoseOne() {
        assertThat(FastStart.footprintDefaults(List.of(), Map.of()))
                .contains("-XX:+UseSerialGC", "-Xmx256m", "-XX:MaxNewSize=48m");

        List<String> ownHeap = FastStart.footprintDefaults(List.of("-Xmx1g"), Map.of());
        assertThat(ownHeap).contains("-XX:+UseSerialGC").noneMatch(option -> option.startsWith("-Xm"));

        List<String> ownCollector = FastStart.footprintDefaults(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC"));
        assertThat(ownCollector).doesNotContain("-XX:+UseSerialGC").contains("-Xmx256m");

        assertThat(FastStart.footprintDefaults(List.of(), Map.of("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=50")))
                .noneMatch(option -> option.startsWith("-Xm"));
    }

    @Test
    void theJvmThatRunsTheTestsAcceptsEveryDefault() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(FastStart.footprintDefaults(List.of(), Map.of()));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
    }

    @Test
    void nativeHeapTrimmingIsAskedOnlyOfJvmsThatHaveIt() {
        assertThat(FastStart.trimsNativeHeap(Runtime.Version.parse("17.0.8"))).isFalse();
        assertThat(FastStart.trimsNativeHeap(Runtime.Version.parse("17.0.9"))).isTrue();
        assertThat(FastStart.trimsNativeHeap(Runtime.Version.parse("20.0.2"))).isFalse();
        assertThat(FastStart.trimsNativeHeap(Runtime.Version.parse("21"))).isFalse();
        assertThat(FastStart.trimsNativeHeap(Runtime.Version.parse("21.0.1"))).isTrue();
        assertThat(FastStart.trimsNativeHeap(Runtime.Version.parse("25"))).isTrue();
    }
}
