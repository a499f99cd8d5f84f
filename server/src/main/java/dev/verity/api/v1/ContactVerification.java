package dev.verity.api.v1;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.verity.profile.AddressAlreadyVerifiedException;
import dev.verity.profile.ContactKind;
import dev.verity.profile.ProfileService;
import dev.verity.profile.UserNotFoundException;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.tenancy.RedirectUriMatcher;
import dev.verity.verification.ChallengeKey;
import dev.verity.verification.Channel;
import dev.verity.verification.CheckRequest;
import dev.verity.verification.CodeInvalidException;
import dev.verity.verification.Issued;
import dev.verity.verification.LinkView;
import dev.verity.verification.MagicLinks;
import dev.verity.verification.Secret;
import dev.verity.verification.SendCaller;
import dev.verity.verification.SendRequest;
import dev.verity.verification.VerificationEngine;
import dev.verity.verification.Wording;

/**
 * v1's use case: a signed-in user proves control of an address, which then becomes a verified contact on
 * their profile. It tells the engine what to verify and what a verified address means; the engine runs the
 * guards. Order of checks on a send follows the contract: the user must exist (404), the address must not
 * be verified for anyone in the tenant (409), then the engine's destination rules and budgets.
 */
@Service
class ContactVerification {

    /** The name v1 gives its challenges and events. */
    static final String ORIGIN = "v1";
    static final String PURPOSE = "profile";
    static final String LINK_PURPOSE = "profile-link";
    /** Magic links live 15 minutes (SECURITY.md rule 8). */
    static final Duration LINK_TTL = Duration.ofMinutes(15);

    private final ProfileService profiles;
    private final VerificationEngine engine;
    private final MagicLinks links;

    ContactVerification(ProfileService profiles, VerificationEngine engine, MagicLinks links) {
        this.profiles = profiles;
        this.engine = engine;
        this.links = links;
    }

    /**
     * Sends a code to an email address or phone number over {@code channel}.
     *
     * @throws UserNotFoundException           when the user is not in the tenant
     * @throws AddressAlreadyVerifiedException when the address is verified for a user of the tenant
     */
    void sendCode(Application app, String userId, Channel channel, String address, Wording wording, String clientIp) {
        OtpPolicy otp = app.otp();
        engine.issue(new SendRequest(app, key(app, userId, channel, PURPOSE, address),
                new Secret.Code(otp.length(), otp.ttl(), otp.maxAttempts()), wording, clientIp, ORIGIN),
                sendable(app, userId, channel, address)).orThrow();
    }

    /**
     * Checks a code and, in the same transaction, records the address as verified on the profile.
     *
     * @throws dev.verity.verification.NoPendingCodeException when no code was ever sent to this user and address
     * @throws InvalidPasscodeException for a wrong, used, superseded or exhausted code
     */
    void validateCode(Application app, String userId, Channel channel, String address, String passcode,
            boolean updatePrimary) {
        try {
            engine.check(new CheckRequest(app, key(app, userId, channel, PURPOSE, address), passcode, ORIGIN),
                    () -> profiles.markVerified(app.tenantId(), userId, kind(channel), address, updatePrimary)).orThrow();
        } catch (CodeInvalidException e) {
            throw new InvalidPasscodeException(kind(channel));
        }
    }

    /**
     * Sends a magic link. The redirect URI must be one of the application's, exactly (SECURITY.md rule 14).
     *
     * @throws RedirectUriNotAllowedException  when it is not
     * @throws UserNotFoundException           when the user is not in the tenant
     * @throws AddressAlreadyVerifiedException when the address is verified for a user of the tenant
     */
    void sendLink(Application app, String userId, String email, String redirectUri, boolean updatePrimary,
            Wording wording, String clientIp) {
        if (!RedirectUriMatcher.isAllowed(redirectUri, app.redirectUris())) {
            throw new RedirectUriNotAllowedException();
        }
        engine.issue(new SendRequest(app, key(app, userId, Channel.EMAIL, LINK_PURPOSE, email),
                new Secret.Link(LINK_TTL, redirectUri, updatePrimary), wording, clientIp, ORIGIN),
                sendable(app, userId, Channel.EMAIL, email)).orThrow();
    }

    /** What a landing page shows: the link, when the token is genuine, and records the view. */
    Optional<LinkView> viewLink(String token, String userAgent) {
        return links.view(token, userAgent);
    }

    /** The link behind a token, if genuine, without recording anything (for the confirming POST). */
    Optional<LinkView> linkTarget(String token) {
        return links.find(token);
    }

    /**
     * Confirms a magic link and records the address on the profile, atomically. The outcome's
     * {@code confirmable} is true only for the one confirmation that verified the address; a used, expired
     * or superseded link, or an address meanwhile verified by someone else, gives false.
     */
    Optional<LinkView> confirmLink(String token) {
        try {
            return links.confirm(ORIGIN, token, link -> profiles.markVerified(link.key().tenantId(), link.key().subjectId(),
                    ContactKind.EMAIL, link.key().destination(), link.updatePrimary()));
        } catch (AddressAlreadyVerifiedException e) {
            return links.find(token).map(link -> new LinkView(link.challengeId(), link.key(), link.redirectUri(),
                    link.updatePrimary(), false));
        }
    }

    private SendCaller<Void> sendable(Application app, String userId, Channel channel, String address) {
        return new SendCaller<>() {
            @Override
            public void require() {
                if (!profiles.exists(app.tenantId(), userId)) {
                    throw new UserNotFoundException();
                }
                if (profiles.isVerifiedInTenant(app.tenantId(), kind(channel), address)) {
                    throw new AddressAlreadyVerifiedException(kind(channel));
                }
            }

            @Override
            public Void issued(Issued issued) {
                return null;
            }
        };
    }

    private static ContactKind kind(Channel channel) {
        return channel == Channel.EMAIL ? ContactKind.EMAIL : ContactKind.PHONE;
    }

    private static ChallengeKey key(Application app, String userId, Channel channel, String purpose, String address) {
        return new ChallengeKey(app.tenantId(), app.id(), userId, channel, purpose, address);
    }
}
