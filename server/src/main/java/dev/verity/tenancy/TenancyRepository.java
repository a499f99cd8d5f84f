package dev.verity.tenancy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage of tenants, applications, clients and portal admins. */
@Repository
class TenancyRepository {

    private final JdbcClient jdbc;

    TenancyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean anyTenant() {
        return jdbc.sql("SELECT COUNT(*) FROM tenants").query(Long.class).single() > 0;
    }

    void ensureTenant(String id, OffsetDateTime now) {
        jdbc.sql("INSERT INTO tenants (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(id, now).update();
    }

    /** The application with its redirect URIs: one statement (one row per URI), so one commit when autocommitted. */
    Optional<Application> application(String id) {
        List<Application> rows = jdbc.sql("SELECT a.id, a.tenant_id, a.name, a.otp_length, a.otp_ttl_seconds, "
                        + "a.otp_max_attempts, a.languages, a.limits, a.sms_countries, r.uri FROM applications a "
                        + "LEFT JOIN application_redirect_uris r ON r.application_id = a.id WHERE a.id = ? ORDER BY r.uri")
                .param(id)
                .query((rs, n) -> new Application(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"),
                        new OtpPolicy(rs.getInt("otp_length"), Duration.ofSeconds(rs.getInt("otp_ttl_seconds")),
                                rs.getInt("otp_max_attempts")),
                        Arrays.asList(rs.getString("languages").split(",")),
                        rs.getString("uri") == null ? List.of() : List.of(rs.getString("uri")),
                        Limits.deserialize(rs.getString("limits")), csv(rs.getString("sms_countries"))))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Application app = rows.get(0);
        List<String> redirectUris = rows.stream().flatMap(row -> row.redirectUris().stream()).toList();
        return Optional.of(new Application(app.id(), app.tenantId(), app.name(), app.otp(), app.languages(),
                redirectUris, app.limits(), app.smsCountries()));
    }

    /** Creates the application or updates it in place; refuses to move an application to another tenant. */
    void upsertApplication(Application app, OffsetDateTime now) {
        Optional<String> owner = jdbc.sql("SELECT tenant_id FROM applications WHERE id = ?")
                .param(app.id()).query(String.class).optional();
        if (owner.isPresent() && !owner.get().equals(app.tenantId())) {
            throw new IllegalStateException("application " + app.id() + " belongs to another tenant");
        }
        String languages = String.join(",", app.languages());
        if (owner.isPresent()) {
            jdbc.sql("UPDATE applications SET name = ?, otp_length = ?, otp_ttl_seconds = ?, otp_max_attempts = ?, "
                            + "languages = ?, limits = ?, sms_countries = ?, updated_at = ? WHERE id = ?")
                    .params(app.name(), app.otp().length(), (int) app.otp().ttl().toSeconds(), app.otp().maxAttempts(),
                            languages, app.limits().serialize(), String.join(",", app.smsCountries()), now, app.id())
                    .update();
        } else {
            jdbc.sql("INSERT INTO applications (id, tenant_id, name, otp_length, otp_ttl_seconds, otp_max_attempts, "
                            + "languages, limits, sms_countries, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(app.id(), app.tenantId(), app.name(), app.otp().length(), (int) app.otp().ttl().toSeconds(),
                            app.otp().maxAttempts(), languages, app.limits().serialize(),
                            String.join(",", app.smsCountries()), now, now)
                    .update();
        }
        for (String uri : app.redirectUris()) {
            jdbc.sql("INSERT INTO application_redirect_uris (application_id, uri) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(app.id(), uri).update();
        }
    }

    /** Replaces the application's allowed redirect URIs with exactly {@code uris}. */
    void replaceRedirectUris(String applicationId, List<String> uris) {
        jdbc.sql("DELETE FROM application_redirect_uris WHERE application_id = ?").param(applicationId).update();
        for (String uri : uris) {
            jdbc.sql("INSERT INTO application_redirect_uris (application_id, uri) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(applicationId, uri).update();
        }
    }

    Optional<ProjectFlow> flow(String applicationId, String flowId) {
        return jdbc.sql("SELECT * FROM project_flows WHERE application_id = ? AND id = ?")
                .params(applicationId, flowId)
                .query((rs, n) -> new ProjectFlow(rs.getString("id"), rs.getString("application_id"),
                        rs.getString("tenant_id"), rs.getString("flow_type"), rs.getBoolean("is_public"),
                        rs.getString("email_gateway"), rs.getString("phone_gateway"), rs.getString("webhook_url"),
                        rs.getObject("webhook_disabled_at") != null, rs.getString("redirect_url"),
                        rs.getString("language"), csv(rs.getString("allowed_countries")), rs.getBoolean("demo"),
                        rs.getString("demo_otp")))
                .optional();
    }

    /** The application's flow ids, by id. */
    List<String> flowIds(String applicationId) {
        return jdbc.sql("SELECT id FROM project_flows WHERE application_id = ? ORDER BY id").param(applicationId)
                .query(String.class).list();
    }

    Optional<String> sealedWebhookSecret(String applicationId, String flowId) {
        return jdbc.sql("SELECT webhook_secret FROM project_flows WHERE application_id = ? AND id = ?")
                .params(applicationId, flowId).query(String.class).optional();
    }

    void upsertFlow(ProjectFlow flow, String sealedSecret, OffsetDateTime now) {
        String countries = String.join(",", flow.allowedCountries());
        // a disabled webhook comes back only when its URL changes
        int updated = jdbc.sql("UPDATE project_flows SET flow_type = ?, is_public = ?, email_gateway = ?, phone_gateway = ?, "
                        + "webhook_disabled_at = CASE WHEN webhook_url = ? THEN webhook_disabled_at ELSE NULL END, "
                        + "webhook_url = ?, webhook_secret = ?, redirect_url = ?, language = ?, allowed_countries = ?, demo = ?, "
                        + "demo_otp = ?, updated_at = ? WHERE application_id = ? AND id = ?")
                .params(flow.type(), flow.isPublic(), flow.emailGateway(), flow.phoneGateway(), flow.webhookUrl(),
                        flow.webhookUrl(), sealedSecret, flow.redirectUrl(), flow.language(), countries, flow.demo(), flow.demoOtp(), now,
                        flow.applicationId(), flow.id())
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO project_flows (id, application_id, tenant_id, flow_type, is_public, email_gateway, "
                            + "phone_gateway, webhook_url, webhook_secret, redirect_url, language, allowed_countries, demo, "
                            + "demo_otp, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(flow.id(), flow.applicationId(), flow.tenantId(), flow.type(), flow.isPublic(),
                            flow.emailGateway(), flow.phoneGateway(), flow.webhookUrl(), sealedSecret, flow.redirectUrl(),
                            flow.language(), countries, flow.demo(), flow.demoOtp(), now, now)
                    .update();
        }
    }

    /** A receiver answered 410 Gone: stop sending to this flow's webhook until it is configured again. */
    int disableWebhook(String tenantId, String webhookUrl, OffsetDateTime now) {
        return jdbc.sql("UPDATE project_flows SET webhook_disabled_at = ? WHERE tenant_id = ? AND webhook_url = ? "
                        + "AND webhook_disabled_at IS NULL")
                .params(now, tenantId, webhookUrl).update();
    }

    private static List<String> csv(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
    }

    Optional<StoredClient> client(String id) {
        return jdbc.sql("SELECT id, tenant_id, application_id, secret_hash, roles FROM clients WHERE id = ?")
                .param(id)
                .query((rs, n) -> new StoredClient(new Client(rs.getString("id"), rs.getString("tenant_id"),
                        rs.getString("application_id"), roles(rs.getString("roles"))), rs.getString("secret_hash")))
                .optional();
    }

    void upsertClient(Client client, String secretHash, OffsetDateTime now) {
        Optional<String> owner = jdbc.sql("SELECT application_id FROM clients WHERE id = ?")
                .param(client.id()).query(String.class).optional();
        if (owner.isPresent() && !owner.get().equals(client.applicationId())) {
            throw new IllegalStateException("client " + client.id() + " belongs to another application");
        }
        String roles = String.join(",", client.roles());
        if (owner.isPresent()) {
            jdbc.sql("UPDATE clients SET secret_hash = ?, roles = ?, updated_at = ? WHERE id = ?")
                    .params(secretHash, roles, now, client.id()).update();
        } else {
            jdbc.sql("INSERT INTO clients (id, tenant_id, application_id, secret_hash, roles, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(client.id(), client.tenantId(), client.applicationId(), secretHash, roles, now, now)
                    .update();
        }
    }

    /** The tenant's clients, by id. */
    List<Client> clients(String tenantId) {
        return jdbc.sql("SELECT id, tenant_id, application_id, roles FROM clients WHERE tenant_id = ? ORDER BY id")
                .param(tenantId)
                .query((rs, n) -> new Client(rs.getString("id"), rs.getString("tenant_id"),
                        rs.getString("application_id"), roles(rs.getString("roles"))))
                .list();
    }

    boolean clientExists(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM clients WHERE id = ?").param(id).query(Long.class).single() > 0;
    }

    int replaceClientSecret(String tenantId, String clientId, String secretHash, OffsetDateTime now) {
        return jdbc.sql("UPDATE clients SET secret_hash = ?, updated_at = ? WHERE id = ? AND tenant_id = ?")
                .params(secretHash, now, clientId, tenantId).update();
    }

    int deleteClient(String tenantId, String clientId) {
        return jdbc.sql("DELETE FROM clients WHERE id = ? AND tenant_id = ?").params(clientId, tenantId).update();
    }

    /** The ids of the tenant's applications, by id. */
    List<String> applicationIds(String tenantId) {
        return jdbc.sql("SELECT id FROM applications WHERE tenant_id = ? ORDER BY id").param(tenantId)
                .query(String.class).list();
    }

    boolean applicationExists(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM applications WHERE id = ?").param(id).query(Long.class).single() > 0;
    }

    void upsertAdmin(String tenantId, String username, String passwordHash, OffsetDateTime now) {
        int updated = jdbc.sql("UPDATE portal_admins SET password_hash = ? WHERE tenant_id = ? AND username = ?")
                .params(passwordHash, tenantId, username).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO portal_admins (tenant_id, username, password_hash, created_at) VALUES (?, ?, ?, ?)")
                    .params(tenantId, username, passwordHash, now).update();
        }
    }

    /** The tenant's portal admins, by username. */
    List<PortalAdmin> admins(String tenantId) {
        return jdbc.sql("SELECT username, created_at FROM portal_admins WHERE tenant_id = ? ORDER BY username")
                .param(tenantId)
                .query((rs, n) -> new PortalAdmin(rs.getString("username"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** The tenants that have a portal admin of this name, with its password hash. */
    List<String[]> adminsNamed(String username) {
        return jdbc.sql("SELECT tenant_id, password_hash FROM portal_admins WHERE username = ? ORDER BY tenant_id")
                .param(username)
                .query((rs, n) -> new String[] {rs.getString("tenant_id"), rs.getString("password_hash")})
                .list();
    }

    int deleteAdmin(String tenantId, String username) {
        return jdbc.sql("DELETE FROM portal_admins WHERE tenant_id = ? AND username = ?").params(tenantId, username)
                .update();
    }

    Optional<String> adminPasswordHash(String tenantId, String username) {
        return jdbc.sql("SELECT password_hash FROM portal_admins WHERE tenant_id = ? AND username = ?")
                .params(tenantId, username).query(String.class).optional();
    }

    private static Set<String> roles(String csv) {
        return csv.isBlank() ? Set.of() : Set.of(csv.split(","));
    }

    record StoredClient(Client client, String secretHash) {
    }
}
