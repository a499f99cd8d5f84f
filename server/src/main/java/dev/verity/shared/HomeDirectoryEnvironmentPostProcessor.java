package dev.verity.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Prepares {@code verity.home} before anything uses it.
 *
 * <p>The path becomes absolute: the embedded H2 URL is built from it, and H2 refuses a path that is implicitly
 * relative ({@code VERITY_HOME=data}); an absolute path also keeps the database where the operator meant it,
 * whatever the working directory.
 *
 * <p>The folder is created owner-only (0700), and so are the embedded database's files (0600): H2 creates
 * its files with the process's umask (usually world-readable), but it keeps the mode of a file that already
 * exists, so they are created empty here first. The database holds sealed secrets and users' addresses.
 */
class HomeDirectoryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final String H2_FILE_URL = "jdbc:h2:file:";
    private static final List<String> H2_FILE_SUFFIXES = List.of(".mv.db", ".trace.db");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String home = environment.getProperty("verity.home", "./data");
        Path absolute = Path.of(home).toAbsolutePath().normalize();
        environment.getPropertySources().addFirst(new MapPropertySource("verityHome",
                Map.of("verity.home", absolute.toString())));
        String url = environment.getProperty("spring.datasource.url", "");
        try {
            if (url.startsWith(H2_FILE_URL)) {
                Path database = Path.of(url.substring(H2_FILE_URL.length()).split(";", 2)[0]).toAbsolutePath();
                PrivateFiles.createFolders(database.getParent());
                for (String suffix : H2_FILE_SUFFIXES) {
                    PrivateFiles.createFile(database.resolveSibling(database.getFileName() + suffix));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded database under " + absolute, e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
