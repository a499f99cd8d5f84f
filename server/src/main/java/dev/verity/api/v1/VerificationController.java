package dev.verity.api.v1;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.shared.ClientIpResolver;
import dev.verity.shared.EmailAddress;
import dev.verity.shared.PhoneNumbers;
import dev.verity.tenancy.Application;
import dev.verity.token.UserPrincipal;
import dev.verity.verification.Channel;
import dev.verity.verification.Wording;

/**
 * Transmit's Verification API (v1): one-time passcodes by email, SMS and WhatsApp, and email magic links.
 * Each handler maps its body to one call of {@link ContactVerification}. The body is declared before the
 * principal, so body problems (400) are reported before token problems (401), as the contract orders them.
 */
@RestController
@RequestMapping(path = "/v1/verification", produces = MediaType.APPLICATION_JSON_VALUE)
class VerificationController {

    private final ContactVerification verification;
    private final V1Applications applications;
    private final ClientIpResolver clientIp;

    VerificationController(ContactVerification verification, V1Applications applications,
            ClientIpResolver clientIp) {
        this.verification = verification;
        this.applications = applications;
        this.clientIp = clientIp;
    }

    @PostMapping("/otp/email/send")
    Map<String, String> sendEmailOtp(@Valid @RequestBody SendEmailOtpBody body, UserPrincipal user,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
            HttpServletRequest request) {
        Application app = applications.of(user);
        verification.sendCode(app, user.userId(), Channel.EMAIL, EmailAddress.parse(body.email()).value(),
                new Wording(app.chooseLanguage(acceptLanguage), app.name(),
                        body.emailContent() == null ? null : body.emailContent().toContent(), null, null),
                clientIp.resolve(request));
        return Map.of("message", "Email sent successfully");
    }

    @PostMapping("/otp/email/validate")
    Map<String, Boolean> validateEmailOtp(@Valid @RequestBody ValidateEmailOtpBody body, UserPrincipal user) {
        verification.validateCode(applications.of(user), user.userId(), Channel.EMAIL,
                EmailAddress.parse(body.email()).value(), body.passcode(), body.shouldUpdatePrimary());
        return Map.of("result", true);
    }

    @PostMapping("/otp/sms/send")
    Map<String, String> sendSmsOtp(@Valid @RequestBody SendSmsOtpBody body, UserPrincipal user,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
            HttpServletRequest request) {
        Application app = applications.of(user);
        verification.sendCode(app, user.userId(), Channel.SMS, PhoneNumbers.toE164(body.phoneNumber()),
                new Wording(app.chooseLanguage(acceptLanguage), app.name(), null, body.customMessage(),
                        body.senderId()),
                clientIp.resolve(request));
        return Map.of("message", "SMS sent");
    }

    @PostMapping("/otp/sms/validate")
    Map<String, Boolean> validateSmsOtp(@Valid @RequestBody ValidateSmsOtpBody body, UserPrincipal user) {
        return validatePhone(Channel.SMS, body, user);
    }

    @PostMapping("/otp/whatsapp/send")
    Map<String, String> sendWhatsAppOtp(@Valid @RequestBody SendWhatsAppOtpBody body, UserPrincipal user,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
            HttpServletRequest request) {
        Application app = applications.of(user);
        verification.sendCode(app, user.userId(), Channel.WHATSAPP, PhoneNumbers.toE164(body.phoneNumber()),
                new Wording(app.chooseLanguage(acceptLanguage), app.name(), null, body.customMessage(), null),
                clientIp.resolve(request));
        return Map.of("message", "WhatsApp message sent");
    }

    @PostMapping("/otp/whatsapp/validate")
    Map<String, Boolean> validateWhatsAppOtp(@Valid @RequestBody ValidateSmsOtpBody body, UserPrincipal user) {
        return validatePhone(Channel.WHATSAPP, body, user);
    }

    /** SMS and WhatsApp codes are checked alike: the same body, the same answer. */
    private Map<String, Boolean> validatePhone(Channel channel, ValidateSmsOtpBody body, UserPrincipal user) {
        verification.validateCode(applications.of(user), user.userId(), channel,
                PhoneNumbers.toE164(body.phoneNumber()), body.passcode(), body.shouldUpdatePrimary());
        return Map.of("result", true);
    }

    @PostMapping("/links/email")
    Map<String, String> sendEmailLink(@Valid @RequestBody SendEmailLinkBody body, UserPrincipal user,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
            HttpServletRequest request) {
        Application app = applications.of(user);
        verification.sendLink(app, user.userId(), EmailAddress.parse(body.email()).value(), body.redirectUri(),
                body.shouldUpdatePrimary(), new Wording(app.chooseLanguage(acceptLanguage), app.name(),
                        body.emailContent() == null ? null : body.emailContent().toContent(), null, null),
                clientIp.resolve(request));
        return Map.of("message", "Verification email sent");
    }
}
