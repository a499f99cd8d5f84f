package dev.verity.api.v1;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.verity.events.DomainEvent;
import dev.verity.events.OutgoingWebhook;
import dev.verity.events.WebhookFormat;
import dev.verity.profile.ProfileService;
import dev.verity.tenancy.ApplicationWebhook;
import dev.verity.tenancy.ApplicationWebhookService;
import dev.verity.verification.SecretSent;
import dev.verity.verification.SecretVerified;
import dev.verity.verification.VerificationFailed;
import tools.jackson.databind.json.JsonMapper;

/**
 * v1's webhooks (API.md, "v1 webhooks"): the engine's events about a v1 caller's users go to the application's
 * webhooks subscribed to them, as {@code {"type":…,"timestamp":…,"data":{…}}} in the Standard Webhooks shape.
 * Only events v1 itself caused are reported, and no payload carries a code or a link token: the events hold none.
 */
@Component
class V1WebhookFormat implements WebhookFormat {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ApplicationWebhookService webhooks;
    private final ProfileService profiles;
    private final JsonMapper json;
    private final Clock clock;

    V1WebhookFormat(ApplicationWebhookService webhooks, ProfileService profiles, JsonMapper json, Clock clock) {
        this.webhooks = webhooks;
        this.profiles = profiles;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public List<OutgoingWebhook> webhooks(DomainEvent event) {
        if (event instanceof SecretVerified verified && ContactVerification.ORIGIN.equals(verified.origin())) {
            Map<String, Object> data = data(verified.subjectId(), channel(verified.channel(), verified.link()),
                    verified.address());
            data.put("primary", isPrimary(verified));
            return deliveries(event, ApplicationWebhook.Event.CONTACT_VERIFIED, data);
        }
        if (event instanceof VerificationFailed failed && ContactVerification.ORIGIN.equals(failed.origin())) {
            Map<String, Object> data = data(failed.subjectId(), channel(failed.channel(), failed.link()),
                    failed.address());
            data.put("reason", failed.reason().name().toLowerCase(Locale.ROOT));
            return deliveries(event, ApplicationWebhook.Event.VERIFICATION_FAILED, data);
        }
        if (event instanceof SecretSent sent && ContactVerification.ORIGIN.equals(sent.origin())) {
            Map<String, Object> data = data(sent.subjectId(), channel(sent.channel(), sent.link()), sent.address());
            data.put("message_id", sent.messageId());
            return deliveries(event, ApplicationWebhook.Event.VERIFICATION_SENT, data);
        }
        return List.of();
    }

    /** Whether the address is now the user's primary contact; runs in the verifying transaction, so it sees it. */
    private boolean isPrimary(SecretVerified verified) {
        return profiles.find(verified.tenantId(), verified.subjectId())
                .map(user -> user.contacts().stream()
                        .anyMatch(contact -> contact.primary() && contact.value().equals(verified.address())))
                .orElse(false);
    }

    private List<OutgoingWebhook> deliveries(DomainEvent event, ApplicationWebhook.Event type,
            Map<String, Object> data) {
        List<ApplicationWebhook.Target> targets = webhooks.targets(event.applicationId(), type);
        if (targets.isEmpty()) {
            return List.of();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.wireName());
        body.put("timestamp", MILLIS.format(clock.instant()));
        body.put("data", data);
        String text = json.writeValueAsString(body);
        return targets.stream()
                .map(target -> new OutgoingWebhook(target.url(), target.secret(), type.wireName(), text))
                .toList();
    }

    private static Map<String, Object> data(String userId, String channel, String address) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", userId);
        data.put("channel", channel);
        data.put("address", address);
        return data;
    }

    /** v1 names a magic link as its own channel; codes keep the engine's channel name. */
    private static String channel(String engineChannel, boolean link) {
        return link ? "link" : engineChannel;
    }
}
