package dev.verity.tenancy;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage of applications' v1 webhooks; secrets arrive and leave sealed. */
@Repository
class ApplicationWebhookRepository {

    private final JdbcClient jdbc;

    ApplicationWebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ApplicationWebhook> all(String applicationId) {
        return jdbc.sql("SELECT id, application_id, url, events, disabled_at, created_at FROM application_webhooks "
                        + "WHERE application_id = ? ORDER BY created_at, id")
                .param(applicationId)
                .query((rs, n) -> new ApplicationWebhook(rs.getString("id"), rs.getString("application_id"),
                        rs.getString("url"), events(rs.getString("events")), rs.getObject("disabled_at") != null,
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    Optional<String> idOf(String applicationId, String url) {
        return jdbc.sql("SELECT id FROM application_webhooks WHERE application_id = ? AND url = ?")
                .params(applicationId, url).query(String.class).optional();
    }

    /** The enabled webhooks of the application, with their events and sealed secrets. */
    List<Enabled> enabled(String applicationId) {
        return jdbc.sql("SELECT url, secret, events FROM application_webhooks "
                        + "WHERE application_id = ? AND disabled_at IS NULL ORDER BY created_at, id")
                .param(applicationId)
                .query((rs, n) -> new Enabled(rs.getString("url"), rs.getString("secret"), events(rs.getString("events"))))
                .list();
    }

    void insert(String id, String tenantId, String applicationId, String url, String sealedSecret,
            Set<ApplicationWebhook.Event> events, OffsetDateTime now) {
        jdbc.sql("INSERT INTO application_webhooks (id, tenant_id, application_id, url, secret, events, created_at, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, tenantId, applicationId, url, sealedSecret, csv(events), now, now)
                .update();
    }

    /** Changes the secret and events; a webhook disabled by a 410 stays disabled. */
    void update(String id, String sealedSecret, Set<ApplicationWebhook.Event> events, OffsetDateTime now) {
        jdbc.sql("UPDATE application_webhooks SET secret = ?, events = ?, updated_at = ? WHERE id = ?")
                .params(sealedSecret, csv(events), now, id)
                .update();
    }

    boolean delete(String applicationId, String id) {
        return jdbc.sql("DELETE FROM application_webhooks WHERE application_id = ? AND id = ?")
                .params(applicationId, id).update() == 1;
    }

    int disable(String tenantId, String url, OffsetDateTime now) {
        return jdbc.sql("UPDATE application_webhooks SET disabled_at = ?, updated_at = ? WHERE tenant_id = ? "
                        + "AND url = ? AND disabled_at IS NULL")
                .params(now, now, tenantId, url).update();
    }

    private static String csv(Set<ApplicationWebhook.Event> events) {
        return events.stream().sorted().map(ApplicationWebhook.Event::wireName).collect(Collectors.joining(","));
    }

    private static Set<ApplicationWebhook.Event> events(String csv) {
        Set<ApplicationWebhook.Event> events = EnumSet.noneOf(ApplicationWebhook.Event.class);
        Arrays.stream(csv.split(",")).map(ApplicationWebhook.Event::of).flatMap(Optional::stream).forEach(events::add);
        return events;
    }

    record Enabled(String url, String sealedSecret, Set<ApplicationWebhook.Event> events) {
    }
}
