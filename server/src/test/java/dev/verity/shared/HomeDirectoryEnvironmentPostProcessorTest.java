package dev.verity.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** VERITY_HOME=data must work: H2 refuses a database path that is implicitly relative. */
class HomeDirectoryEnvironmentPostProcessorTest {

    @Test
    void postProcessWhenHomeIsRelativeThenItBecomesAbsolute() {
        MockEnvironment environment = new MockEnvironment().withProperty("verity.home", "data");
        new HomeDirectoryEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("verity.home")).isEqualTo(Path.of("data").toAbsolutePath().toString());
    }

    @Test
    void postProcessWhenHomeAbsentThenDefaultDataDirectoryIsAbsolute() {
        MockEnvironment environment = new MockEnvironment();
        new HomeDirectoryEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(Path.of(environment.getProperty("verity.home")).isAbsolute()).isTrue();
        assertThat(environment.getProperty("verity.home")).endsWith("data");
    }
}
