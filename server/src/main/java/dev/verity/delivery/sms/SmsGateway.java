package dev.verity.delivery.sms;

import java.util.List;

import dev.verity.delivery.Delivered;
import dev.verity.delivery.Failover;
import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.ProviderException;

/** The configured SMS providers, in order, with {@link Failover} across them. */
class SmsGateway {

    private final List<SmsSender> providers;

    SmsGateway(List<SmsSender> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("verity.sms.providers must name at least one provider");
        }
        this.providers = List.copyOf(providers);
    }

    Delivered send(OutboundSms sms, String messageId) throws ProviderException {
        return Failover.first(providers, SmsSender::name,
                provider -> new Delivered(provider.name(), provider.send(sms, messageId)));
    }

    List<String> names() {
        return providers.stream().map(SmsSender::name).toList();
    }
}
