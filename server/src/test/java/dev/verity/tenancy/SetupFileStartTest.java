package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.verity.VerityApplication;

/**
 * A whole Verity started with a broken set-up file: it refuses to start, and what it logs names the file,
 * line and key but no secret of the file.
 */
@ExtendWith(OutputCaptureExtension.class)
class SetupFileStartTest {

    private static final String LITERAL_SECRET = "literal-admin-password-K2v8";
    private static final String CLIENT_SECRET = "literal-client-secret-0123456789-Zq";

    @TempDir
    Path dir;

    @Test
    void startWhenPlaceholderUnsetThenRefusedAndNoSecretIsLogged(CapturedOutput output) throws Exception {
        Path file = dir.resolve("verity.yml");
        Files.writeString(file, """
                tenant: acme
                admins:
                  - {username: admin, password: "%s"}
                applications:
                  - id: demo
                    clients:
                      - {id: demo-backend, secret: "%s"}
                      - {id: demo-other, secret: "${VERITY_TEST_UNSET_SECRET_91B2}"}
                """.formatted(LITERAL_SECRET, CLIENT_SECRET));

        assertThatThrownBy(() -> start(file).close()).isInstanceOf(SetupFileException.class);

        assertThat(output.toString())
                .contains(file.toString(), "line 8", "applications[0].clients[1].secret", "VERITY_TEST_UNSET_SECRET_91B2")
                .doesNotContain(LITERAL_SECRET)
                .doesNotContain(CLIENT_SECRET)
                .doesNotContain("tenant: acme");
    }

    @Test
    void startWhenSmsCountryUnknownThenRefusedNamingTheKey(CapturedOutput output) throws Exception {
        Path file = dir.resolve("verity.yml");
        Files.writeString(file, """
                tenant: acme
                applications:
                  - id: demo
                    sms_countries: [US, XX]
                """);

        assertThatThrownBy(() -> start(file).close()).isInstanceOf(SetupFileException.class);

        assertThat(output.toString()).contains("line 4", "applications[0].sms_countries", "ISO 3166-1");
    }

    static ConfigurableApplicationContext start(Path setupFile, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:mem:setup-start-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--verity.home=" + Path.of("target", "test-home", "setup-start-" + UUID.randomUUID()),
                "--verity.import=" + setupFile,
                "--server.port=0"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(VerityApplication.class).run(args.toArray(String[]::new));
    }
}
