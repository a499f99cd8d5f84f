package dev.verity.verification;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.events.DomainEvents;
import dev.verity.shared.ServerKey;
import dev.verity.verification.ChallengeEventRepository.Kind;
import tools.jackson.databind.json.JsonMapper;

/**
 * The landing side of magic links (issued by {@link VerificationEngine#issue} with a {@link Secret.Link}).
 * The token is {@code <challenge id>.<256 random bits, base64url>}; only the keyed hash of the random part is
 * stored, bound to the challenge id (SECURITY.md rules 1, 2). Reading a link never changes it: mail scanners
 * open links, and a view must not spend them (rule 15).
 */
@Service
public class MagicLinks {

    private static final int TOKEN_MAX = 120;
    private static final int ID_LENGTH = 36;

    private final ChallengeRepository challenges;
    private final ChallengeEventRepository events;
    private final VerificationEngine engine;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final JsonMapper json;
    private final DomainEvents domainEvents;

    MagicLinks(ChallengeRepository challenges, ChallengeEventRepository events, VerificationEngine engine,
            TransactionTemplate transaction, Clock clock, JsonMapper json, DomainEvents domainEvents) {
        this.domainEvents = domainEvents;
        this.challenges = challenges;
        this.events = events;
        this.engine = engine;
        this.transaction = transaction;
        this.clock = clock;
        this.json = json;
    }

    /** The link behind a token, if genuine, and records the view (by a person or a mail scanner). */
    public Optional<LinkView> view(String token, String detail) {
        Optional<LinkView> link = find(token);
        link.ifPresent(view -> transaction.executeWithoutResult(
                status -> events.record(view.challengeId(), view.key().tenantId(), Kind.LINK_VIEWED, detail)));
        return link;
    }

    /**
     * Confirms a link: consumes it with one conditional update, so of many parallel confirmations exactly one
     * succeeds, and runs {@code onVerified}, records the outcome and publishes {@link SecretVerified} in the
     * same transaction; {@code origin} as in {@link SendRequest}.
     *
     * @return the link as it was, with {@code confirmable} telling whether this call verified it
     */
    public Optional<LinkView> confirm(String origin, String token, Consumer<LinkView> onVerified) {
        Optional<LinkView> found = find(token);
        if (found.isEmpty()) {
            return found;
        }
        LinkView link = found.get();
        boolean confirmed = Boolean.TRUE.equals(transaction.execute(status -> {
            boolean consumed = link.confirmable() && challenges.consume(link.challengeId(), clock.instant());
            if (consumed) {
                onVerified.accept(link);
                domainEvents.publish(SecretVerified.of(link.key(), true, origin));
            }
            events.record(link.challengeId(), link.key().tenantId(), consumed ? Kind.LINK_CONFIRMED : Kind.LINK_REFUSED,
                    null);
            return consumed;
        }));
        return Optional.of(new LinkView(link.challengeId(), link.key(), link.redirectUri(), link.updatePrimary(),
                confirmed));
    }

    /** The challenge behind a link token, if genuine; reads only, records nothing. */
    public Optional<LinkView> find(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot != ID_LENGTH || token.length() > TOKEN_MAX) {
            return Optional.empty();
        }
        String challengeId = token.substring(0, dot);
        String secret = token.substring(dot + 1);
        return challenges.byId(challengeId)
                .filter(c -> c.options() != null)
                .filter(c -> ServerKey.sameHash(c.secretHash(), engine.hash(challengeId, secret)))
                .map(c -> {
                    Map<?, ?> options = json.readValue(c.options(), Map.class);
                    return new LinkView(c.id(), c.key(), (String) options.get("redirect_uri"),
                            Boolean.TRUE.equals(options.get("update_primary")),
                            c.status() == ChallengeStatus.PENDING && clock.instant().isBefore(c.expiresAt()));
                });
    }
}
