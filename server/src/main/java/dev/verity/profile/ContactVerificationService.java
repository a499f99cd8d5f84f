package dev.verity.profile;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.verity.delivery.EmailContent;
import dev.verity.protection.RateLimiter;
import dev.verity.protection.SmsDestinations;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.RedirectUriMatcher;
import dev.verity.verification.ChallengeKey;
import dev.verity.verification.ChallengeService;
import dev.verity.verification.Channel;
import dev.verity.verification.LinkView;

/**
 * Profile verification (the v1 flow): a signed-in user proves control of an address, which then becomes a
 * verified contact on their profile. Order of checks on a send follows the contract: the user must exist
 * (404), the address must not be verified for anyone in the tenant (409), then the code is issued.
 */
@Service
public class ContactVerificationService {

    static final String PURPOSE = "profile";
    static final String LINK_PURPOSE = "profile-link";
    /** The name the engine's events carry for this caller; v1's webhook format reports only these. */
    static final String ORIGIN = "v1";
    /** Magic links live 15 minutes (SECURITY.md rule 8). */
    static final Duration LINK_TTL = Duration.ofMinutes(15);

    private final ProfileService profiles;
    private final ChallengeService challenges;
    private final RateLimiter limits;
    private final SmsDestinations smsDestinations;

    ContactVerificationService(ProfileService profiles, ChallengeService challenges, RateLimiter limits,
            SmsDestinations smsDestinations) {
        this.profiles = profiles;
        this.challenges = challenges;
        this.limits = limits;
        this.smsDestinations = smsDestinations;
    }

    /**
     * @throws UserNotFoundException           when the user is not in the tenant
     * @throws AddressAlreadyVerifiedException when the address is verified for a user of the tenant
     */
    public void sendEmailOtp(Application application, String userId, String email, String acceptLanguage,
            EmailContent content, String clientIp) {
        requireSendable(application, userId, ContactKind.EMAIL, email);
        limits.chargeSend(application, new RateLimiter.Sender("email", email, "user:" + userId, clientIp));
        challenges.issueEmailOtp(ORIGIN, key(application, userId, Channel.EMAIL, email), application.otp(),
                new ChallengeService.EmailMessage(application.chooseLanguage(acceptLanguage), application.name(),
                        content));
    }

    /**
     * Sends a code by SMS to an E.164 number, under the same rules as {@link #sendEmailOtp}.
     *
     * @param customMessage the caller's text with {@code {otp}} and {@code {app}}, or null for the default
     */
    public void sendSmsOtp(Application application, String userId, String phone, String acceptLanguage,
            String customMessage, String senderId, String clientIp) {
        smsDestinations.requireAllowed(application, phone);
        requireSendable(application, userId, ContactKind.PHONE, phone);
        limits.chargeSend(application, new RateLimiter.Sender("sms", phone, "user:" + userId, clientIp));
        challenges.issueSmsOtp(ORIGIN, key(application, userId, Channel.SMS, phone), application.otp(),
                new ChallengeService.SmsMessage(application.chooseLanguage(acceptLanguage), application.name(),
                        customMessage, senderId));
        smsDestinations.recordSend(application, phone);
    }

    /** Checks an SMS code and records the number as verified, like {@link #validateEmailOtp}. */
    public void validateSmsOtp(Application application, String userId, String phone, String passcode,
            boolean updatePrimary) {
        challenges.check(ORIGIN, application, key(application, userId, Channel.SMS, phone), passcode,
                () -> profiles.markVerified(application.tenantId(), userId, ContactKind.PHONE, phone, updatePrimary));
        smsDestinations.recordConversion(application, phone);
    }

    /**
     * Sends a magic link. The redirect URI must be one of the application's, exactly (SECURITY.md rule 14).
     *
     * @throws RedirectUriNotAllowedException  when it is not
     * @throws UserNotFoundException           when the user is not in the tenant
     * @throws AddressAlreadyVerifiedException when the address is verified for a user of the tenant
     */
    public void sendEmailLink(Application application, String userId, String email, String redirectUri,
            boolean updatePrimary, String acceptLanguage, EmailContent content, String clientIp) {
        if (!RedirectUriMatcher.isAllowed(redirectUri, application.redirectUris())) {
            throw new RedirectUriNotAllowedException();
        }
        requireSendable(application, userId, ContactKind.EMAIL, email);
        limits.chargeSend(application, new RateLimiter.Sender("email", email, "user:" + userId, clientIp));
        challenges.issueEmailLink(ORIGIN, new ChallengeKey(application.tenantId(), application.id(), userId,
                Channel.EMAIL, LINK_PURPOSE, email), LINK_TTL, new ChallengeService.LinkMessage(
                application.chooseLanguage(acceptLanguage), application.name(), content, redirectUri, updatePrimary));
    }

    /** What a landing page shows: the link, when the token is genuine, and records the view. */
    public Optional<LinkView> viewEmailLink(String token, String userAgent) {
        return challenges.viewLink(token, userAgent);
    }

    /** The link behind a token, if genuine, without recording anything (for the confirming POST). */
    public Optional<LinkView> viewLinkTarget(String token) {
        return challenges.findLink(token);
    }

    /**
     * Confirms a magic link and records the address on the profile, atomically. The outcome's
     * {@code confirmable} is true only for the one confirmation that verified the address; a used, expired
     * or superseded link, or an address meanwhile verified by someone else, gives false.
     */
    public Optional<LinkView> confirmEmailLink(String token) {
        try {
            return challenges.confirmLink(ORIGIN, token, link -> profiles.markVerified(link.key().tenantId(),
                    link.key().subjectId(), ContactKind.EMAIL, link.key().destination(), link.updatePrimary()));
        } catch (AddressAlreadyVerifiedException e) {
            return challenges.findLink(token).map(link -> new LinkView(link.challengeId(), link.key(),
                    link.redirectUri(), link.updatePrimary(), false));
        }
    }

    private void requireSendable(Application application, String userId, ContactKind kind, String value) {
        if (!profiles.exists(application.tenantId(), userId)) {
            throw new UserNotFoundException();
        }
        if (profiles.isVerifiedInTenant(application.tenantId(), kind, value)) {
            throw new AddressAlreadyVerifiedException(kind);
        }
    }

    /**
     * Checks the code and, in the same transaction, records the address as verified on the profile.
     *
     * @throws dev.verity.verification.NoPendingCodeException when no code was ever sent to this user and address
     */
    public void validateEmailOtp(Application application, String userId, String email, String passcode,
            boolean updatePrimary) {
        challenges.check(ORIGIN, application, key(application, userId, Channel.EMAIL, email), passcode,
                () -> profiles.markVerified(application.tenantId(), userId, ContactKind.EMAIL, email, updatePrimary));
    }

    private static ChallengeKey key(Application application, String userId, Channel channel, String destination) {
        return new ChallengeKey(application.tenantId(), application.id(), userId, channel, PURPOSE, destination);
    }
}
