package dev.verity.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Where messages go when no SMTP host (or SMS provider) is configured: the embedded default keeps them in
 * the database, readable through the admin API, so that a newcomer can try every flow without a mail
 * server. Not for production: the captured messages contain their codes.
 */
@Component
public class DevInbox {

    private final DevInboxRepository repository;
    private final Clock clock;

    DevInbox(DevInboxRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public void store(String messageId, String tenantId, String kind, String recipient, String subject, String text) {
        repository.insert(messageId, tenantId, kind, recipient, subject, text, clock.instant());
    }

    /** The tenant's newest captured messages, newest first. */
    public List<CapturedMessage> latest(String tenantId, int limit) {
        return repository.latest(tenantId, limit);
    }

    /** A message captured by the dev inbox. */
    public record CapturedMessage(String messageId, String kind, String recipient, String subject, String text,
            Instant createdAt) {
    }
}
