package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The set-up file reader: placeholders are resolved in values, never in comments, and no error quotes the
 * file or a value (set-up files hold secrets and start-up errors are logged).
 */
class SetupFileReaderTest {

    private static final String LITERAL_SECRET = "literal-client-secret-7Qx9";

    @TempDir
    Path dir;

    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("ADMIN_PASSWORD", "from-the-environment")
            .withProperty("DEMO_SECRET", "a: b # not yaml, a secret");

    @Test
    void readWhenCommentNamesAPlaceholderThenCommentIsIgnored() throws IOException {
        SetupFile setup = read("""
                tenant: acme
                admins:
                  - {username: admin, password: "${ADMIN_PASSWORD}"}    # ${NAME} is read from the environment
                # ${ANOTHER_UNSET_NAME} in a comment of its own
                applications:
                  - id: demo
                    clients:
                      - {id: demo-backend, secret: "${DEMO_SECRET}", roles: [admin]}
                """).content();

        assertThat(setup.admins().get(0).password()).isEqualTo("from-the-environment");
        // a resolved value is text, never YAML: its colon and hash stay in it
        assertThat(setup.applications().get(0).clients().get(0).secret()).isEqualTo("a: b # not yaml, a secret");
    }

    @Test
    void readWhenPlaceholderUnsetThenErrorNamesFileLineKeyAndPlaceholderButNoValue() throws IOException {
        Path file = write("""
                tenant: acme
                applications:
                  - id: demo
                    clients:
                      - {id: first, secret: "%s"}
                      - {id: second, secret: "prefix-${VERITY_TEST_UNSET_7F3A}-suffix"}
                """.formatted(LITERAL_SECRET));

        assertThatThrownBy(() -> new SetupFileReader(environment).read(file))
                .isInstanceOf(SetupFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 6")
                .hasMessageContaining("key applications[0].clients[1].secret")
                .hasMessageContaining("${VERITY_TEST_UNSET_7F3A}")
                .message().doesNotContain(LITERAL_SECRET).doesNotContain("prefix-").doesNotContain("tenant: acme");
    }

    @Test
    void readWhenValueHasWrongTypeThenErrorNamesKeyWithoutTheValue() throws IOException {
        Path file = write("""
                applications:
                  - id: demo
                    otp: {length: [%s]}
                """.formatted(LITERAL_SECRET));

        assertThatThrownBy(() -> new SetupFileReader(environment).read(file))
                .isInstanceOf(SetupFileException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("key applications[0].otp.length")
                .hasMessageContaining("whole number")
                .message().doesNotContain(LITERAL_SECRET);
    }

    @Test
    void readWhenYamlIsBrokenThenErrorNamesLineWithoutQuotingIt() throws IOException {
        Path file = write("""
                tenant: acme
                admins:
                  - {username: admin, password: "%s
                """.formatted(LITERAL_SECRET));

        assertThatThrownBy(() -> new SetupFileReader(environment).read(file))
                .isInstanceOf(SetupFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageMatching(".*line \\d+.*not valid YAML.*")
                .message().doesNotContain(LITERAL_SECRET).doesNotContain("password");
    }

    @Test
    void readWhenUnknownKeyThenErrorNamesItsLine() throws IOException {
        Path file = write("""
                tenant: acme
                applications:
                  - id: demo
                    redirect_uri: [https://app.example.com/verified]
                """);

        assertThatThrownBy(() -> new SetupFileReader(environment).read(file))
                .isInstanceOf(SetupFileException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("redirect_uri");
    }

    @Test
    void errorWhenRefusedLaterThenLineOfTheKeyIsNamed() throws IOException {
        SetupFileReader.ReadSetup setup = read("""
                tenant: acme
                applications:
                  - id: demo
                    sms_countries: [US, XX]
                """);

        assertThat(setup.error("/applications/0/sms_countries", "must be ISO codes").getMessage())
                .contains("line 4", "key applications[0].sms_countries", "must be ISO codes");
        // a key the file does not have points at its nearest ancestor's line
        assertThat(setup.error("/applications/0/otp/length", "x").line()).isEqualTo(3);
    }

    private SetupFileReader.ReadSetup read(String yaml) throws IOException {
        return new SetupFileReader(environment).read(write(yaml));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("verity.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
