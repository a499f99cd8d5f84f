package dev.verity.delivery.sms;

import java.util.ArrayList;
import java.util.List;

import dev.verity.delivery.Delivered;
import dev.verity.delivery.OutboundSms;
import dev.verity.delivery.ProviderException;

/**
 * Failover across the configured providers, in order: a message goes to the first provider; on an error,
 * timeout or refusal it moves to the next. When every provider failed, the attempt fails with all their
 * errors and the dispatcher retries the whole list later.
 */
class SmsGateway {

    private final List<SmsSender> providers;

    SmsGateway(List<SmsSender> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("verity.sms.providers must name at least one provider");
        }
        this.providers = List.copyOf(providers);
    }

    Delivered send(OutboundSms sms, String messageId) throws ProviderException {
        List<String> errors = new ArrayList<>();
        for (SmsSender provider : providers) {
            try {
                return new Delivered(provider.name(), provider.send(sms, messageId));
            } catch (Exception e) {
                errors.add(e instanceof ProviderException ? e.getMessage() : provider.name() + ": " + ProviderException.describe(e));
            }
        }
        throw new ProviderException(String.join("; ", errors));
    }

    List<String> names() {
        return providers.stream().map(SmsSender::name).toList();
    }
}
