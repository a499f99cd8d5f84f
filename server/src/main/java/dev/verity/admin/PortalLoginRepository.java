package dev.verity.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Failed portal logins per username. */
@Repository
class PortalLoginRepository {

    private final JdbcClient jdbc;

    PortalLoginRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Failures(int count, Instant windowStart, Instant lockedUntil) {
    }

    Optional<Failures> failures(String username) {
        return jdbc.sql("SELECT failures, window_start, locked_until FROM portal_login_failures WHERE username = ?")
                .param(username)
                .query((rs, n) -> new Failures(rs.getInt("failures"),
                        rs.getObject("window_start", OffsetDateTime.class).toInstant(),
                        rs.getObject("locked_until", OffsetDateTime.class) == null ? null
                                : rs.getObject("locked_until", OffsetDateTime.class).toInstant()))
                .optional();
    }

    void save(String username, Failures failures) {
        OffsetDateTime locked = failures.lockedUntil() == null ? null : utc(failures.lockedUntil());
        int updated = jdbc.sql("UPDATE portal_login_failures SET failures = ?, window_start = ?, locked_until = ? "
                        + "WHERE username = ?")
                .params(failures.count(), utc(failures.windowStart()), locked, username).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO portal_login_failures (username, failures, window_start, locked_until) "
                            + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(username, failures.count(), utc(failures.windowStart()), locked).update();
        }
    }

    void clear(String username) {
        jdbc.sql("DELETE FROM portal_login_failures WHERE username = ?").param(username).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
