package dev.verity.onboarding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage of app registrations and their validations; every read is scoped by application. */
@Repository
class OnboardingRepository {

    private final JdbcClient jdbc;

    OnboardingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(AppRegistration r) {
        jdbc.sql("INSERT INTO app_registrations (id, tenant_id, application_id, flow_id, email, phone, country_code, "
                        + "full_name, first_name, last_name, language, status, step, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.tenantId(), r.applicationId(), r.flowId(), r.email(), r.phone(), r.countryCode(),
                        r.fullName(), r.firstName(), r.lastName(), r.language(), r.status().name(),
                        r.step() == null ? null : r.step().wireName(),
                        utc(r.createdAt()), utc(r.updatedAt()))
                .update();
    }

    Optional<AppRegistration> registration(String applicationId, String id) {
        return jdbc.sql("SELECT * FROM app_registrations WHERE id = ? AND application_id = ?")
                .params(id, applicationId).query(OnboardingRepository::registration).optional();
    }

    /**
     * Records a sync, unless the status changed since {@code expected} was read: of two parallel syncs only
     * one moves the status, so a final status is reached, and published, once.
     */
    boolean updateProgress(String id, RegistrationStatus expected, RegistrationStep step, RegistrationStatus status,
            Instant now) {
        return jdbc.sql("UPDATE app_registrations SET step = ?, status = ?, updated_at = ? WHERE id = ? AND status = ?")
                .params(step.wireName(), status.name(), utc(now), id, expected.name()).update() == 1;
    }

    void insert(Validation v) {
        jdbc.sql("INSERT INTO onboarding_validations (id, tenant_id, application_id, flow_id, registration_id, kind, "
                        + "destination, phone, country_code, validation_type, validation_method, status, expires_at, "
                        + "validated_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(v.id(), v.tenantId(), v.applicationId(), v.flowId(), v.registrationId(), v.kind().column(),
                        v.destination(), v.phone(), v.countryCode(), v.type(), v.method(), v.status().wireName(),
                        utc(v.expiresAt()), utc(v.validatedAt()), utc(v.createdAt()), utc(v.updatedAt()))
                .update();
    }

    Optional<Validation> validation(String applicationId, Validation.Kind kind, String id) {
        return jdbc.sql("SELECT * FROM onboarding_validations WHERE id = ? AND application_id = ? AND kind = ?")
                .params(id, applicationId, kind.column()).query(OnboardingRepository::validation).optional();
    }

    /** The newest validation of the registration for that address and type. */
    Optional<Validation> latest(String registrationId, Validation.Kind kind, String destination, String type) {
        return jdbc.sql("SELECT * FROM onboarding_validations WHERE registration_id = ? AND kind = ? AND destination = ? "
                        + "AND validation_type = ? ORDER BY created_at DESC LIMIT 1")
                .params(registrationId, kind.column(), destination, type)
                .query(OnboardingRepository::validation).optional();
    }

    boolean anyValidated(String registrationId, Validation.Kind kind) {
        return jdbc.sql("SELECT COUNT(*) FROM onboarding_validations WHERE registration_id = ? AND kind = ? "
                        + "AND status = 'validated'")
                .params(registrationId, kind.column()).query(Long.class).single() > 0;
    }

    /** Moves an active validation to a final status; false when another request settled it first. */
    boolean settle(String id, ValidationStatus status, Instant validatedAt, Instant now) {
        return jdbc.sql("UPDATE onboarding_validations SET status = ?, validated_at = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('new', 'sent')")
                .params(status.wireName(), utc(validatedAt), utc(now), id).update() == 1;
    }

    /** Gives an active validation a new lifetime; false when it was settled meanwhile. */
    boolean renew(String id, Instant expiresAt, Instant now) {
        return jdbc.sql("UPDATE onboarding_validations SET status = 'sent', expires_at = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('new', 'sent')")
                .params(utc(expiresAt), utc(now), id).update() == 1;
    }

    /** A page of an application's validations, newest first, with the total for paging. */
    Page page(String applicationId, Validation.Kind kind, String status, String type, String destination, int page,
            int limit) {
        StringBuilder where = new StringBuilder(" WHERE application_id = ? AND kind = ?");
        List<Object> params = new ArrayList<>(List.of(applicationId, kind.column()));
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        if (type != null) {
            where.append(" AND validation_type = ?");
            params.add(type);
        }
        if (destination != null) {
            where.append(" AND destination = ?");
            params.add(destination);
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM onboarding_validations" + where).params(params)
                .query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(limit);
        pageParams.add((long) (page - 1) * limit);
        List<Validation> items = jdbc.sql("SELECT * FROM onboarding_validations" + where
                        + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(pageParams).query(OnboardingRepository::validation).list();
        return new Page(items, total);
    }

    record Page(List<Validation> items, long total) {
    }

    private static AppRegistration registration(ResultSet rs, int n) throws SQLException {
        return new AppRegistration(rs.getString("id"), rs.getString("tenant_id"), rs.getString("application_id"),
                rs.getString("flow_id"), rs.getString("email"), rs.getString("phone"), rs.getString("country_code"),
                rs.getString("full_name"), rs.getString("first_name"), rs.getString("last_name"),
                rs.getString("language"), RegistrationStatus.valueOf(rs.getString("status")),
                RegistrationStep.parse(rs.getString("step")), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Validation validation(ResultSet rs, int n) throws SQLException {
        return new Validation(rs.getString("id"), rs.getString("tenant_id"), rs.getString("application_id"),
                rs.getString("flow_id"), rs.getString("registration_id"),
                Validation.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("destination"), rs.getString("phone"), rs.getString("country_code"),
                rs.getString("validation_type"), rs.getString("validation_method"),
                ValidationStatus.of(rs.getString("status")),
                instant(rs, "expires_at"), instant(rs, "validated_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Milliseconds, as v2 shows every timestamp, so that a value read back equals the one written. */
    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
