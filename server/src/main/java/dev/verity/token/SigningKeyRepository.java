package dev.verity.token;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code signing_keys} table: public halves in the clear, private halves sealed with the server key. */
@Repository
class SigningKeyRepository {

    private final JdbcClient jdbc;

    SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Makes {@code kid} the only active key; the caller's transaction holds both statements. */
    void activate(String kid, String algorithm, String publicJwk, String sealedPrivate, Instant createdAt) {
        jdbc.sql("UPDATE signing_keys SET active = FALSE WHERE active = TRUE").update();
        jdbc.sql("INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key, active, created_at) "
                        + "VALUES (?, ?, ?, ?, TRUE, ?)")
                .params(kid, algorithm, publicJwk, sealedPrivate, createdAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Every stored key, newest first. */
    List<StoredKey> all() {
        return jdbc.sql("SELECT kid, public_jwk, private_key, active FROM signing_keys ORDER BY created_at DESC")
                .query((rs, n) -> new StoredKey(rs.getString("public_jwk"), rs.getString("private_key"),
                        rs.getBoolean("active")))
                .list();
    }

    record StoredKey(String publicJwk, String sealedPrivate, boolean active) {
    }
}
