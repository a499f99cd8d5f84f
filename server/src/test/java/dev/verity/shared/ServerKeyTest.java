package dev.verity.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The server key behind every stored secret (SECURITY.md rules 2 and 4): keyed hashes that survive a
 * restart, and sealed values nobody can alter or open without the key.
 */
class ServerKeyTest {

    private static final String SECRET = "a-test-server-secret-of-at-least-32-characters";

    @TempDir
    Path home;

    @Test
    void hashWhenSameSecretThenSameHashAcrossInstances() {
        ServerKey first = new ServerKey(properties(home, SECRET));
        ServerKey second = new ServerKey(properties(home, SECRET));
        assertThat(first.hash("challenge-1", "123456")).isEqualTo(second.hash("challenge-1", "123456"));
        assertThat(first.hash("challenge-1", "123456")).matches("[0-9a-f]{64}");
        // the configured secret is used; nothing is written to the home directory
        assertThat(home.resolve("server.key")).doesNotExist();
    }

    @Test
    void hashWhenConfiguredSecretDiffersThenHashDiffers() {
        ServerKey one = new ServerKey(properties(home, SECRET));
        ServerKey other = new ServerKey(properties(home, SECRET + "-other"));
        assertThat(one.hash("challenge-1", "123456")).isNotEqualTo(other.hash("challenge-1", "123456"));
    }

    @Test
    void constructWhenConfiguredSecretIsShortThenRefused() {
        assertThatThrownBy(() -> new ServerKey(properties(home, "too-short-a-secret")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void constructWhenNoSecretThenKeyFileIsGeneratedAndReusedAcrossInstances() throws Exception {
        Path dataHome = home.resolve("nested").resolve("data");
        ServerKey first = new ServerKey(properties(dataHome, null));
        Path keyFile = dataHome.resolve("server.key");
        assertThat(keyFile).isRegularFile();
        String key = Files.readString(keyFile).trim();
        assertThat(Base64.getUrlDecoder().decode(key)).hasSizeGreaterThanOrEqualTo(32);
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(keyFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }

        ServerKey restarted = new ServerKey(properties(dataHome, " "));
        assertThat(Files.readString(keyFile).trim()).isEqualTo(key);
        assertThat(restarted.hash("client", "demo-backend", "s3cret"))
                .isEqualTo(first.hash("client", "demo-backend", "s3cret"));
        assertThat(restarted.open(first.seal("sealed before restart"))).isEqualTo("sealed before restart");
    }

    @Test
    void constructWhenTwoHomesWithoutSecretThenKeysDiffer() {
        ServerKey one = new ServerKey(properties(home.resolve("one"), null));
        ServerKey two = new ServerKey(properties(home.resolve("two"), null));
        assertThat(one.hash("x", "y")).isNotEqualTo(two.hash("x", "y"));
    }

    @Test
    void hashWhenPartsSplitDifferentlyThenHashesDiffer() {
        ServerKey key = new ServerKey(properties(home, SECRET));
        assertThat(key.hash("ab", "c")).isNotEqualTo(key.hash("a", "bc"));
        assertThat(key.hash("abc")).isNotEqualTo(key.hash("ab", "c"));
        assertThat(key.hash("", "abc")).isNotEqualTo(key.hash("abc", ""));
        assertThat(key.hash("a", "b")).isNotEqualTo(key.hash("b", "a"));
    }

    @Test
    void hashWhenAnyPartDiffersThenHashDiffers() {
        ServerKey key = new ServerKey(properties(home, SECRET));
        String hash = key.hash("challenge-1", "123456");
        assertThat(hash).isNotEqualTo(key.hash("challenge-1", "123457"))
                .isNotEqualTo(key.hash("challenge-2", "123456"));
    }

    @Test
    void sameHashWhenComparedThenTrueOnlyForEqualHashes() {
        ServerKey key = new ServerKey(properties(home, SECRET));
        String hash = key.hash("challenge-1", "123456");
        assertThat(ServerKey.sameHash(hash, key.hash("challenge-1", "123456"))).isTrue();
        assertThat(ServerKey.sameHash(hash, key.hash("challenge-1", "654321"))).isFalse();
        assertThat(ServerKey.sameHash(hash, hash.substring(1))).isFalse();
    }

    @Test
    void sealThenOpenWhenSameKeyThenRoundTrips() {
        ServerKey key = new ServerKey(properties(home, SECRET));
        String plaintext = "whsec_signing-secret \u00e9\u4e2d\ud83d\ude00";
        String sealed = key.seal(plaintext);
        assertThat(sealed).doesNotContain("whsec_signing-secret");
        assertThat(key.open(sealed)).isEqualTo(plaintext);
        assertThat(key.open(key.seal(""))).isEmpty();
    }

    @Test
    void sealWhenTwiceThenCiphertextsDiffer() {
        ServerKey key = new ServerKey(properties(home, SECRET));
        String a = key.seal("same plaintext");
        String b = key.seal("same plaintext");
        assertThat(a).isNotEqualTo(b);
        assertThat(key.open(a)).isEqualTo(key.open(b)).isEqualTo("same plaintext");
    }

    @Test
    void openWhenAnyByteTamperedThenFails() {
        ServerKey key = new ServerKey(properties(home, SECRET));
        byte[] sealed = Base64.getDecoder().decode(key.seal("pay 10 to alice"));
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            String value = Base64.getEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> key.open(value)).as("byte %d flipped", i)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void openWhenTruncatedThenFails() {
        ServerKey key = new ServerKey(properties(home, SECRET));
        byte[] sealed = Base64.getDecoder().decode(key.seal("pay 10 to alice"));
        byte[] truncated = Arrays.copyOf(sealed, sealed.length - 1);
        String value = Base64.getEncoder().encodeToString(truncated);
        assertThatThrownBy(() -> key.open(value)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openWhenSealedUnderAnotherKeyThenFails() {
        ServerKey one = new ServerKey(properties(home, SECRET));
        ServerKey other = new ServerKey(properties(home, SECRET + "-other"));
        String sealed = one.seal("for one only");
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalStateException.class);

        ServerKey generated = new ServerKey(properties(home.resolve("generated"), null));
        assertThatThrownBy(() -> generated.open(sealed)).isInstanceOf(IllegalStateException.class);
    }

    static VerityProperties properties(Path home, String secret) {
        return new VerityProperties(home, URI.create("http://localhost:8080"), secret, DataSize.ofKilobytes(64));
    }
}
