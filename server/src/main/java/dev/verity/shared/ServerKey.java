package dev.verity.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * The server key ({@code verity.secret}) and the two keys derived from it: one for keyed hashes of
 * one-time secrets and client secrets (HMAC-SHA256, SECURITY.md rule 2), one for sealing secrets that
 * must be read back (AES-256-GCM: token signing keys, queued message bodies, webhook secrets).
 *
 * <p>When no key is configured, one is generated into {@code verity.home/server.key} on first start,
 * readable by the owner only, so that restarts keep every stored hash valid.
 */
@Component
public class ServerKey {

    private static final String KEY_FILE = "server.key";
    private static final int GCM_NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec hashKey;
    private final SecretKeySpec sealKey;
    private final ThreadLocal<Mac> macs;

    public ServerKey(VerityProperties properties) {
        byte[] master = loadOrCreate(properties).getBytes(StandardCharsets.UTF_8);
        this.hashKey = new SecretKeySpec(derive(master, "verity/hash/v1"), "HmacSHA256");
        this.sealKey = new SecretKeySpec(derive(master, "verity/seal/v1"), "AES");
        this.macs = ThreadLocal.withInitial(() -> newMac(hashKey));
    }

    /** HMAC-SHA256 of the parts, each length-prefixed so that ("ab","c") and ("a","bc") differ; hex. */
    public String hash(String... parts) {
        Mac mac = macs.get();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            mac.update(bytes);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Constant-time comparison of two hashes produced by {@link #hash}. */
    public static boolean sameHash(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    /** Encrypts and authenticates; the result is base64 of nonce ‖ ciphertext ‖ tag. */
    public String seal(String plaintext) {
        try {
            byte[] nonce = new byte[GCM_NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Reverses {@link #seal}; fails if the value was altered or sealed under another key. */
    public String open(String sealed) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, all, 0, GCM_NONCE_BYTES));
            byte[] plain = cipher.doFinal(all, GCM_NONCE_BYTES, all.length - GCM_NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed value cannot be opened with this server key", e);
        }
    }

    private static byte[] derive(byte[] master, String label) {
        Mac mac = newMac(new SecretKeySpec(master, "HmacSHA256"));
        return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String loadOrCreate(VerityProperties properties) {
        if (properties.secret() != null && !properties.secret().isBlank()) {
            if (properties.secret().length() < 32) {
                throw new IllegalStateException("verity.secret must be at least 32 characters");
            }
            return properties.secret();
        }
        Path file = properties.home().resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            PrivateFiles.createFolders(properties.home());
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            PrivateFiles.createFile(file);
            Files.writeString(file, generated, StandardOpenOption.TRUNCATE_EXISTING);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
