package dev.verity.tenancy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The declarative set-up file ({@code VERITY_IMPORT}), as documented in the README. Keys are snake_case;
 * an unknown key is an error, so that a typo cannot silently leave a setting at its default.
 * {@code sms_countries}, {@code limits} and {@code flows} are accepted now and applied by the features
 * that own them.
 */
record SetupFile(String tenant, List<Admin> admins, List<AppSpec> applications) {

    SetupFile {
        tenant = tenant == null || tenant.isBlank() ? "default" : tenant;
        admins = admins == null ? List.of() : admins;
        applications = applications == null ? List.of() : applications;
    }

    record Admin(String username, String password) {
    }

    record AppSpec(String id, String name, List<String> redirectUris, OtpSpec otp, List<String> languages,
            List<String> smsCountries, Map<String, String> limits, List<ClientSpec> clients,
            List<FlowSpec> flows, List<WebhookSpec> webhooks) {

        AppSpec {
            redirectUris = redirectUris == null ? List.of() : redirectUris;
            languages = languages == null || languages.isEmpty() ? List.of("en") : languages;
            clients = clients == null ? List.of() : clients;
            flows = flows == null ? List.of() : flows;
            webhooks = webhooks == null ? List.of() : webhooks;
        }
    }

    /** A v1 webhook of the application; {@code events} absent means all. */
    record WebhookSpec(String url, String secret, List<String> events) {
    }

    /** A v2 project flow. */
    record FlowSpec(String id, String type, @JsonProperty("public") Boolean isPublic, String emailGateway,
            String phoneGateway, String webhookUrl, String webhookSecret, String redirectUrl, String language,
            List<String> allowedCountries, Boolean demo, String demoOtp) {
    }

    record OtpSpec(Integer length, String ttl, Integer maxAttempts) {
    }

    record ClientSpec(String id, String secret, List<String> roles) {

        ClientSpec {
            roles = roles == null ? List.of() : roles;
        }
    }
}
