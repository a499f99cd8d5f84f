package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.verity.VerityApplication;
import dev.verity.testing.BothDatabases;
import dev.verity.testing.Databases;
import dev.verity.testing.VerityHarness;

/**
 * A set-up file's flow {@code webhook_url} passes the outbound guard, with the production default (private
 * networks refused): a URL that reaches loopback, private or metadata addresses, another scheme or a numeric
 * host trick stops the start with an error naming the application, flow and key, never the URL or the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
@BothDatabases
class SetupFileWebhookUrlTests extends VerityHarness {

    static final String SECRET = "whsec_c2V0dXAtZmlsZS1zZWNyZXQtMDEyMzQ1Njc4OWFi";

    @Autowired
    SetupImporter importer;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void privateNetworksRefused(DynamicPropertyRegistry registry) {
        registry.add("verity.outbound.allow-private-networks", () -> "false");
        registry.add("test.webhook-url", () -> "https://hooks.invalid/unused");
    }

    @Test
    void applyWhenFlowWebhookUrlIsNotPublicThenIllegalStateNamingFlowAndKeyOnly() throws IOException {
        List<String> refused = List.of("http://127.0.0.1:22/", "http://169.254.169.254/latest/meta-data",
                "file:///etc/passwd", "gopher://127.0.0.1:25/_x", "http://[::1]/", "http://2130706433/",
                "http://localhost:8080/hook", "http://user:hunter2@hooks.invalid/");
        for (String url : refused) {
            Path file = setupFile("bad-hook", url);
            assertThatThrownBy(() -> importer.apply(importer.read(file)))
                    .as(url)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Set-up file " + file + ", line 8, key applications[0].flows[0].webhook_url: ")
                    .hasMessageNotContaining(url)
                    .hasMessageNotContaining("hunter2")
                    .hasMessageNotContaining(SECRET);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM project_flows WHERE id = 'bad-hook'").query(Long.class).single())
                .isZero();
    }

    @Test
    void startWhenSetUpFileHasMetadataWebhookThenStartFailsWithClearErrorAndNoSecretPrinted(CapturedOutput output)
            throws IOException {
        Path file = setupFile("metadata-hook", "http://169.254.169.254/latest/meta-data");
        // a fresh, empty database of the kind the test context runs on, for a whole start outside it
        List<String> args = new java.util.ArrayList<>(Databases.freshDatabaseArguments());
        args.addAll(List.of("--verity.home=" + Path.of("target", "test-home", "outbound-" + UUID.randomUUID()),
                "--server.port=0", "--verity.import=" + file));

        assertThatThrownBy(() -> new SpringApplicationBuilder(VerityApplication.class).run(args.toArray(String[]::new))
                .close())
                .satisfies(e -> assertThat(causes(e)).contains(
                        "Set-up file " + file + ", line 8, key applications[0].flows[0].webhook_url: must resolve only"
                                + " to public internet addresses (verity.outbound.allow-private-networks=true allows"
                                + " private targets, for development only)"));
        assertThat(output.toString()).doesNotContain(SECRET).doesNotContain("169.254.169.254");
    }

    private static List<String> causes(Throwable e) {
        List<String> messages = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return messages;
    }

    private Path setupFile(String flow, String url) throws IOException {
        Path file = dir.resolve(flow + "-" + UUID.randomUUID() + ".yml");
        Files.writeString(file, """
                tenant: acme
                applications:
                  - id: demo
                    name: Demo App
                    languages: [en, es]
                    flows:
                      - {id: %s, type: onboarding, public: true, email_gateway: email, phone_gateway: none,
                         webhook_url: "%s", webhook_secret: "%s"}
                """.formatted(flow, url, SECRET));
        return file;
    }
}
