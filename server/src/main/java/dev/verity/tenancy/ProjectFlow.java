package dev.verity.tenancy;

import java.util.List;

/**
 * A v2 project flow: how one application onboards people (Verifik's "project flow"). {@code type} is
 * {@code onboarding} or {@code login}; the gateways say which validations a sign-up needs. The webhook secret
 * is not part of this record: it is sealed at rest and read only to sign.
 *
 * @param allowedCountries ISO 3166 region codes a phone may belong to; empty means any
 * @param demo             nothing is delivered and {@code demoOtp} validates
 */
public record ProjectFlow(String id, String applicationId, String tenantId, String type, boolean isPublic,
        String emailGateway, String phoneGateway, String webhookUrl, boolean webhookDisabled, String redirectUrl,
        String language, List<String> allowedCountries, boolean demo, String demoOtp) {

    public ProjectFlow {
        allowedCountries = List.copyOf(allowedCountries);
    }

    public boolean needsEmail() {
        return "email".equals(emailGateway);
    }

    public boolean needsPhone() {
        return "sms".equals(phoneGateway) || phoneOverWhatsApp();
    }

    /** Whether phone codes go by WhatsApp (falling back to SMS where WhatsApp cannot reach the number). */
    public boolean phoneOverWhatsApp() {
        return "whatsapp".equals(phoneGateway);
    }
}
