package dev.verity.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

import dev.verity.VerityApplication;

/**
 * Everything under {@code verity.home} is the owner's alone (0700 folders, 0600 files) from the moment it is
 * created: the embedded database holds users' addresses and sealed secrets, the key file the server key.
 */
class HomeDirectoryPermissionsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX file system");
    }

    @Test
    void startWithEmbeddedDefaultThenHomeFolderAndEveryFileInItAreOwnerOnly() throws Exception {
        Path home = dir.resolve("nested").resolve("data");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(VerityApplication.class)
                .run("--verity.home=" + home, "--server.port=0")) {
            // the database has been written to, not only opened
            assertThat(context.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM tenants").query(Long.class)
                    .single()).isEqualTo(1);
        }
        assertThat(home.resolve("verity.mv.db")).isRegularFile();
        assertThat(home.resolve("server.key")).isRegularFile();
        List<Path> everything;
        try (Stream<Path> walk = Files.walk(dir.resolve("nested"))) {
            everything = walk.toList();
        }
        for (Path path : everything) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
            assertThat(mode).as(path.toString()).isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
        }
    }

    @Test
    void postProcessWhenEmbeddedH2FileThenItsFolderAndFilesAreCreatedOwnerOnly() throws Exception {
        Path home = dir.resolve("home");
        MockEnvironment environment = new MockEnvironment().withProperty("verity.home", home.toString())
                .withProperty("spring.datasource.url", "jdbc:h2:file:${verity.home}/verity;MODE=PostgreSQL");
        new HomeDirectoryEnvironmentPostProcessor().postProcessEnvironment(environment, null);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        for (String file : List.of("verity.mv.db", "verity.trace.db")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
    }

    @Test
    void postProcessWhenDatabaseIsNotAnH2FileThenNothingIsCreated() {
        Path home = dir.resolve("untouched");
        MockEnvironment environment = new MockEnvironment().withProperty("verity.home", home.toString())
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/verity");
        new HomeDirectoryEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(home).doesNotExist();
    }
}
