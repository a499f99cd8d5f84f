package dev.verity.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Ordered failover across a channel's providers: a message goes to the first; on an error, timeout or refusal
 * it moves to the next. When every provider failed, the attempt fails with all their errors and the dispatcher
 * retries the whole list later.
 */
public final class Failover {

    private Failover() {
    }

    /** One provider's attempt; it throws on any failure. */
    @FunctionalInterface
    public interface Attempt<P> {
        Delivered send(P provider) throws Exception;
    }

    public static <P> Delivered first(List<P> providers, Function<P, String> name, Attempt<P> attempt)
            throws ProviderException {
        List<String> errors = new ArrayList<>();
        for (P provider : providers) {
            try {
                return attempt.send(provider);
            } catch (Exception e) {
                errors.add(e instanceof ProviderException ? e.getMessage()
                        : name.apply(provider) + ": " + ProviderException.describe(e));
            }
        }
        throw new ProviderException(String.join("; ", errors));
    }
}
