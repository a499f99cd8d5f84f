package dev.verity.shared;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code verity.home} absolute before anything uses it. The embedded H2 URL is built from it, and H2
 * refuses a path that is implicitly relative ({@code VERITY_HOME=data}); an absolute path also keeps the
 * database where the operator meant it, whatever the working directory.
 */
class HomeDirectoryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String home = environment.getProperty("verity.home", "./data");
        String absolute = Path.of(home).toAbsolutePath().normalize().toString();
        environment.getPropertySources().addFirst(new MapPropertySource("verityHome", Map.of("verity.home", absolute)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
