package dev.verity.profile;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.verity.shared.Ids;

/** Storage of users and their contacts; every query is scoped by tenant (SECURITY.md rule 17). */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertUser(String id, String tenantId, Instant now) {
        jdbc.sql("INSERT INTO users (id, tenant_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, tenantId, UserStatus.ACTIVE.wireName(), utc(now), utc(now)).update();
    }

    Optional<User> find(String tenantId, String userId) {
        Optional<User> user = jdbc.sql("SELECT id, tenant_id, status, created_at, updated_at FROM users "
                        + "WHERE id = ? AND tenant_id = ?")
                .params(userId, tenantId)
                .query((rs, n) -> new User(rs.getString("id"), rs.getString("tenant_id"),
                        UserStatus.of(rs.getString("status")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant(), List.of()))
                .optional();
        return user.map(u -> new User(u.id(), u.tenantId(), u.status(), u.createdAt(), u.updatedAt(),
                contacts(tenantId, u.id())));
    }

    boolean exists(String tenantId, String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE id = ? AND tenant_id = ?")
                .params(userId, tenantId).query(Long.class).single() > 0;
    }

    List<Contact> contacts(String tenantId, String userId) {
        return jdbc.sql("SELECT kind, contact, is_primary, verified_at FROM user_contacts WHERE user_id = ? "
                        + "AND tenant_id = ? ORDER BY created_at, contact")
                .params(userId, tenantId)
                .query((rs, n) -> {
                    OffsetDateTime verified = rs.getObject("verified_at", OffsetDateTime.class);
                    return new Contact(ContactKind.fromColumn(rs.getString("kind")), rs.getString("contact"),
                            rs.getBoolean("is_primary"), verified == null ? null : verified.toInstant());
                })
                .list();
    }

    /** The tenant's user ids, newest first. */
    List<String> userIds(String tenantId, int offset, int limit) {
        return jdbc.sql("SELECT id FROM users WHERE tenant_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(tenantId, limit, offset).query(String.class).list();
    }

    /** The users of the tenant with {@code value} among their contacts of that kind, primary or not, verified or not. */
    List<String> usersWithContact(String tenantId, ContactKind kind, String value) {
        return jdbc.sql("SELECT DISTINCT user_id FROM user_contacts WHERE tenant_id = ? AND kind = ? AND contact = ?")
                .params(tenantId, kind.column(), value).query(String.class).list();
    }

    /** The user holding {@code value} as primary contact of that kind. */
    Optional<String> userWithPrimary(String tenantId, ContactKind kind, String value) {
        return jdbc.sql("SELECT user_id FROM user_contacts WHERE tenant_id = ? AND kind = ? AND contact = ? "
                        + "AND is_primary = TRUE")
                .params(tenantId, kind.column(), value).query(String.class).list().stream().findFirst();
    }

    /** Whether some user of the tenant holds {@code value} as a primary or as a verified contact. */
    boolean held(String tenantId, ContactKind kind, String value) {
        return jdbc.sql("SELECT COUNT(*) FROM user_contacts WHERE tenant_id = ? AND kind = ? AND contact = ? "
                        + "AND (is_primary = TRUE OR verified_at IS NOT NULL)")
                .params(tenantId, kind.column(), value).query(Long.class).single() > 0;
    }

    boolean verifiedInTenant(String tenantId, ContactKind kind, String value) {
        return jdbc.sql("SELECT COUNT(*) FROM user_contacts WHERE tenant_id = ? AND kind = ? AND contact = ? "
                        + "AND verified_at IS NOT NULL")
                .params(tenantId, kind.column(), value).query(Long.class).single() > 0;
    }

    void insertContact(String tenantId, String userId, ContactKind kind, String value, boolean primary,
            Instant verifiedAt, Instant now) {
        jdbc.sql("INSERT INTO user_contacts (id, tenant_id, user_id, kind, contact, is_primary, verified_at, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), tenantId, userId, kind.column(), value, primary, utc(verifiedAt), utc(now))
                .update();
    }

    void updateContact(String tenantId, String userId, ContactKind kind, String value, boolean primary,
            Instant verifiedAt) {
        jdbc.sql("UPDATE user_contacts SET is_primary = ?, verified_at = ? WHERE user_id = ? AND tenant_id = ? "
                        + "AND kind = ? AND contact = ?")
                .params(primary, utc(verifiedAt), userId, tenantId, kind.column(), value).update();
    }

    void demotePrimary(String tenantId, String userId, ContactKind kind) {
        jdbc.sql("UPDATE user_contacts SET is_primary = FALSE WHERE user_id = ? AND tenant_id = ? AND kind = ? "
                        + "AND is_primary = TRUE")
                .params(userId, tenantId, kind.column()).update();
    }

    int deleteSecondary(String tenantId, String userId, ContactKind kind, String value) {
        return jdbc.sql("DELETE FROM user_contacts WHERE user_id = ? AND tenant_id = ? AND kind = ? AND contact = ? "
                        + "AND is_primary = FALSE")
                .params(userId, tenantId, kind.column(), value).update();
    }

    void touch(String tenantId, String userId, Instant now) {
        jdbc.sql("UPDATE users SET updated_at = ? WHERE id = ? AND tenant_id = ?").params(utc(now), userId, tenantId)
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
