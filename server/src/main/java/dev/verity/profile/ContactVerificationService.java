package dev.verity.profile;

import org.springframework.stereotype.Service;

import dev.verity.delivery.EmailContent;
import dev.verity.tenancy.Application;
import dev.verity.verification.ChallengeKey;
import dev.verity.verification.ChallengeService;
import dev.verity.verification.Channel;

/**
 * Profile verification (the v1 flow): a signed-in user proves control of an address, which then becomes a
 * verified contact on their profile. Order of checks on a send follows the contract: the user must exist
 * (404), the address must not be verified for anyone in the tenant (409), then the code is issued.
 */
@Service
public class ContactVerificationService {

    static final String PURPOSE = "profile";

    private final ProfileService profiles;
    private final ChallengeService challenges;

    ContactVerificationService(ProfileService profiles, ChallengeService challenges) {
        this.profiles = profiles;
        this.challenges = challenges;
    }

    /**
     * @throws UserNotFoundException           when the user is not in the tenant
     * @throws AddressAlreadyVerifiedException when the address is verified for a user of the tenant
     */
    public void sendEmailOtp(Application application, String userId, String email, String acceptLanguage,
            EmailContent content) {
        requireSendable(application, userId, ContactKind.EMAIL, email);
        challenges.issueEmailOtp(key(application, userId, Channel.EMAIL, email), application.otp(),
                new ChallengeService.EmailMessage(application.chooseLanguage(acceptLanguage), application.name(),
                        content));
    }

    /**
     * Sends a code by SMS to an E.164 number, under the same rules as {@link #sendEmailOtp}.
     *
     * @param customMessage the caller's text with {@code {otp}} and {@code {app}}, or null for the default
     */
    public void sendSmsOtp(Application application, String userId, String phone, String acceptLanguage,
            String customMessage, String senderId) {
        requireSendable(application, userId, ContactKind.PHONE, phone);
        challenges.issueSmsOtp(key(application, userId, Channel.SMS, phone), application.otp(),
                new ChallengeService.SmsMessage(application.chooseLanguage(acceptLanguage), application.name(),
                        customMessage, senderId));
    }

    /** Checks an SMS code and records the number as verified, like {@link #validateEmailOtp}. */
    public void validateSmsOtp(Application application, String userId, String phone, String passcode,
            boolean updatePrimary) {
        challenges.check(key(application, userId, Channel.SMS, phone), passcode,
                () -> profiles.markVerified(application.tenantId(), userId, ContactKind.PHONE, phone, updatePrimary));
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
        challenges.check(key(application, userId, Channel.EMAIL, email), passcode,
                () -> profiles.markVerified(application.tenantId(), userId, ContactKind.EMAIL, email, updatePrimary));
    }

    private static ChallengeKey key(Application application, String userId, Channel channel, String destination) {
        return new ChallengeKey(application.tenantId(), application.id(), userId, channel, PURPOSE, destination);
    }
}
