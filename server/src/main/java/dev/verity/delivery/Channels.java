package dev.verity.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.verity.shared.ServerKey;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registered channels by kind, and the two conversions between a payload and its outbox row: sealing a
 * payload into a new row, opening a claimed row's payload for its channel.
 */
@Component
class Channels {

    private final Map<String, DeliveryChannel<?>> byKind = new HashMap<>();
    private final ServerKey serverKey;
    private final JsonMapper json;

    Channels(List<DeliveryChannel<?>> channels, ServerKey serverKey, JsonMapper json) {
        for (DeliveryChannel<?> channel : channels) {
            DeliveryChannel<?> previous = byKind.putIfAbsent(channel.kind(), channel);
            if (previous != null) {
                throw new IllegalStateException("two delivery channels of kind '" + channel.kind() + "': "
                        + previous.getClass().getName() + " and " + channel.getClass().getName());
            }
        }
        this.serverKey = serverKey;
        this.json = json;
    }

    /** @throws IllegalArgumentException for a kind no channel delivers */
    DeliveryChannel<?> channel(String kind) {
        DeliveryChannel<?> channel = byKind.get(kind);
        if (channel == null) {
            throw new IllegalArgumentException("no delivery channel '" + kind + "' (" + String.join(", ", byKind.keySet())
                    + ")");
        }
        return channel;
    }

    /** The row for a secret, over the channel it names. */
    NewRow rowFor(String tenantId, SecretMessage message) {
        return row(channel(message.channel()), tenantId, message);
    }

    /** The row for a payload the caller built for the channel of the given kind. */
    NewRow rowFor(String kind, Object payload) {
        return row(channel(kind), payload);
    }

    private <M> NewRow row(DeliveryChannel<M> channel, String tenantId, SecretMessage message) {
        return sealed(channel, channel.forSecret(tenantId, message));
    }

    private <M> NewRow row(DeliveryChannel<M> channel, Object payload) {
        return sealed(channel, channel.payloadType().cast(payload));
    }

    private <M> NewRow sealed(DeliveryChannel<M> channel, M payload) {
        return new NewRow(channel.kind(), channel.recipient(payload), serverKey.seal(json.writeValueAsString(payload)),
                channel.segments(payload));
    }

    /** Opens a claimed row's payload as its channel's payload type. */
    <M> M open(DeliveryChannel<M> channel, String sealedPayload) {
        return json.readValue(serverKey.open(sealedPayload), channel.payloadType());
    }

    /** A row to insert: its kind, recipient, sealed payload and (for SMS) what it costs. */
    record NewRow(String kind, String recipient, String sealedPayload, SmsSegments segments) {
    }
}
