package dev.verity.token;

import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.verity.shared.ServerKey;

/**
 * Verity's token signing keys, kept in the database so that every node signs and verifies with the same
 * set. RS256 by default: verification, which every API call pays, is far cheaper than for ES256. The
 * private half is sealed with the server key. Retired keys stay published until removed, so tokens
 * signed before a rotation keep verifying until they expire.
 */
@Component
public class SigningKeys {

    private final SigningKeyRepository keys;
    private final ServerKey serverKey;
    private final Clock clock;
    private volatile Snapshot snapshot;
    private volatile long nextReloadNanos;

    SigningKeys(SigningKeyRepository keys, ServerKey serverKey, Clock clock) {
        this.keys = keys;
        this.serverKey = serverKey;
        this.clock = clock;
    }

    /** The key new tokens are signed with; one is created on first use. */
    RSAKey activeKey() {
        Snapshot current = snapshot();
        if (current.active == null) {
            synchronized (this) {
                if (snapshot().active == null) {
                    rotate();
                }
            }
            current = snapshot();
        }
        return current.active;
    }

    /** The published key set (JWKS), creating the first signing key when there is none yet. */
    public JWKSet published() {
        activeKey();
        return publicKeys();
    }

    /** Public keys of every key that may have signed a live token. */
    public JWKSet publicKeys() {
        return snapshot().publicSet;
    }

    /** Reloads from the database when a token names a key this node has not seen (another node rotated). */
    JWKSet publicKeysIncluding(String kid) {
        Snapshot current = snapshot();
        // at most one reload per 10 s: anyone can send tokens naming unknown keys
        if (kid != null && current.publicSet.getKeyByKeyId(kid) == null && System.nanoTime() - nextReloadNanos > 0) {
            nextReloadNanos = System.nanoTime() + 10_000_000_000L;
            snapshot = load();
            return snapshot.publicSet;
        }
        return current.publicSet;
    }

    /** Creates a new active key; the former one keeps verifying existing tokens. */
    @Transactional
    public synchronized String rotate() {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .algorithm(JWSAlgorithm.RS256)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            keys.activate(key.getKeyID(), "RS256", key.toPublicJWK().toJSONString(),
                    serverKey.seal(key.toJSONString()), clock.instant());
            snapshot = load();
            return key.getKeyID();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        if (current == null) {
            current = load();
            snapshot = current;
        }
        return current;
    }

    private Snapshot load() {
        List<JWK> published = new ArrayList<>();
        RSAKey active = null;
        List<SigningKeyRepository.StoredKey> rows = keys.all();
        try {
            for (SigningKeyRepository.StoredKey row : rows) {
                published.add(JWK.parse(row.publicJwk()));
                if (row.active() && active == null) {
                    active = RSAKey.parse(serverKey.open(row.sealedPrivate()));
                }
            }
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is corrupt", e);
        }
        return new Snapshot(active, new JWKSet(published));
    }

    private record Snapshot(RSAKey active, JWKSet publicSet) {
    }
}
