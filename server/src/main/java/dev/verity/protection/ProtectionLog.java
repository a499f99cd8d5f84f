package dev.verity.protection;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the protection rules refused and which number prefixes they block, for the engine's oversight view. */
@Service
public class ProtectionLog {

    private final ProtectionEventRepository events;
    private final SmsSendRepository sends;
    private final Clock clock;

    ProtectionLog(ProtectionEventRepository events, SmsSendRepository sends, Clock clock) {
        this.events = events;
        this.sends = sends;
        this.clock = clock;
    }

    /** A refusal: {@code subject} is the address, number, prefix or IP the rule counted. */
    public record Event(String application, String kind, String subject, Instant at) {
    }

    /** A number prefix that gets no SMS until {@code until}. */
    public record Block(String application, String prefix, Instant until) {
    }

    public List<Event> events(String tenantId, int offset, int limit) {
        return events.latest(tenantId, offset, limit);
    }

    /** The blocks in force on these applications. */
    public List<Block> blocks(Collection<String> applicationIds) {
        return sends.activeBlocks(applicationIds, clock.instant());
    }

    /** Lifts a block before its time; false when the application had none on that prefix. */
    @Transactional
    public boolean lift(String applicationId, String prefix) {
        return sends.unblock(applicationId, prefix) > 0;
    }
}
