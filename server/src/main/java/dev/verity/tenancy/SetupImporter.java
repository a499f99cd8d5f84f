package dev.verity.tenancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.verity.delivery.OutboundUrlRefusedException;
import dev.verity.shared.VerityProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Applies the set-up file named by {@code verity.import} at every start: creates or updates what it
 * declares, by id, and deletes nothing, so applying it twice changes nothing. {@code ${NAME}} placeholders
 * in the file are resolved from the environment, which keeps secrets out of the file itself.
 *
 * <p>Without a set-up file, the first start on an empty database creates a tenant, an application, an
 * admin client and a portal admin with generated secrets, and prints them once: there is no other way to
 * learn them, and they are never printed again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SetupImporter implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SetupImporter.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenancyService tenancy;
    private final VerityProperties properties;
    private final Environment environment;
    private final TransactionTemplate transaction;
    private final YAMLMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    SetupImporter(TenancyService tenancy, VerityProperties properties, Environment environment,
            TransactionTemplate transaction) {
        this.tenancy = tenancy;
        this.properties = properties;
        this.environment = environment;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        Path file = properties.importFile();
        if (file != null) {
            SetupFile setup = read(file);
            transaction.executeWithoutResult(status -> apply(setup));
            log.info("Applied set-up file {}: tenant '{}', {} application(s)", file, setup.tenant(),
                    setup.applications().size());
        } else if (!tenancy.anyTenant()) {
            transaction.executeWithoutResult(status -> createFirstStartDefaults());
        }
    }

    SetupFile read(Path file) throws IOException {
        String text = environment.resolveRequiredPlaceholders(Files.readString(file));
        try {
            return yaml.readValue(text, SetupFile.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("Set-up file " + file + " is not valid: " + e.getOriginalMessage(), e);
        }
    }

    void apply(SetupFile setup) {
        tenancy.saveTenant(setup.tenant());
        for (SetupFile.Admin admin : setup.admins()) {
            require(admin.username(), "admins[].username");
            require(admin.password(), "admins[].password");
            tenancy.saveAdmin(setup.tenant(), admin.username(), admin.password());
        }
        for (SetupFile.AppSpec spec : setup.applications()) {
            require(spec.id(), "applications[].id");
            for (String uri : spec.redirectUris()) {
                try {
                    RedirectUris.requireRegistrable(uri);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("Set-up file, application " + spec.id() + ": " + e.getMessage()
                            + " (" + uri + ")", e);
                }
            }
            Limits limits;
            try {
                limits = Limits.parse(spec.limits());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Set-up file, application " + spec.id() + ": " + e.getMessage(), e);
            }
            tenancy.saveApplication(new Application(spec.id(), setup.tenant(),
                    spec.name() == null ? spec.id() : spec.name(), otpPolicy(spec), spec.languages(),
                    spec.redirectUris(), limits, spec.smsCountries() == null ? List.of() : spec.smsCountries()));
            for (SetupFile.FlowSpec flow : spec.flows()) {
                try {
                    tenancy.saveFlow(flow(setup.tenant(), spec, flow), flow.webhookSecret());
                } catch (OutboundUrlRefusedException e) {
                    // names the key, never the URL: it may carry a token
                    throw new IllegalStateException("Set-up file, application " + spec.id() + ", flow " + flow.id()
                            + ": " + e.getMessage() + (e.nonPublicAddress()
                                    ? " (verity.outbound.allow-private-networks=true allows private targets, "
                                            + "for development only)" : ""), e);
                }
            }
            for (SetupFile.ClientSpec client : spec.clients()) {
                require(client.id(), "clients[].id");
                require(client.secret(), "clients[].secret of " + client.id());
                if (client.secret().length() < 16) {
                    throw new IllegalStateException("Set-up file: the secret of client " + client.id()
                            + " must be at least 16 characters");
                }
                tenancy.saveClient(new Client(client.id(), setup.tenant(), spec.id(), new HashSet<>(client.roles())),
                        client.secret());
            }
        }
    }

    private static ProjectFlow flow(String tenant, SetupFile.AppSpec app, SetupFile.FlowSpec flow) {
        require(flow.id(), "flows[].id of application " + app.id());
        String type = flow.type() == null ? "onboarding" : flow.type();
        if (!type.equals("onboarding") && !type.equals("login")) {
            throw new IllegalStateException("Set-up file, flow " + flow.id() + ": type must be onboarding or login");
        }
        String email = flow.emailGateway() == null ? "email" : flow.emailGateway();
        String phone = flow.phoneGateway() == null ? "none" : flow.phoneGateway();
        if (!email.equals("email") && !email.equals("none") || !phone.equals("sms") && !phone.equals("none")) {
            throw new IllegalStateException("Set-up file, flow " + flow.id()
                    + ": email_gateway is email|none and phone_gateway is sms|none");
        }
        if (flow.webhookUrl() != null && (flow.webhookSecret() == null || !flow.webhookSecret().startsWith("whsec_"))) {
            throw new IllegalStateException("Set-up file, flow " + flow.id()
                    + ": a webhook_url needs a webhook_secret starting with whsec_");
        }
        String demoOtp = flow.demoOtp() == null ? "123456" : flow.demoOtp();
        if (!demoOtp.matches("\\d{6}")) {
            throw new IllegalStateException("Set-up file, flow " + flow.id() + ": demo_otp must be 6 digits");
        }
        return new ProjectFlow(flow.id(), app.id(), tenant, type, Boolean.TRUE.equals(flow.isPublic()), email, phone,
                flow.webhookUrl(), false, flow.redirectUrl(),
                flow.language() == null ? app.languages().get(0) : flow.language(),
                flow.allowedCountries() == null ? List.of() : flow.allowedCountries(),
                Boolean.TRUE.equals(flow.demo()), demoOtp);
    }

    private static OtpPolicy otpPolicy(SetupFile.AppSpec spec) {
        SetupFile.OtpSpec otp = spec.otp();
        if (otp == null) {
            return OtpPolicy.DEFAULT;
        }
        try {
            return new OtpPolicy(otp.length() == null ? OtpPolicy.DEFAULT.length() : otp.length(),
                    otp.ttl() == null ? OtpPolicy.DEFAULT.ttl() : DurationStyle.detectAndParse(otp.ttl()),
                    otp.maxAttempts() == null ? OtpPolicy.DEFAULT.maxAttempts() : otp.maxAttempts());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Set-up file, application " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    private void createFirstStartDefaults() {
        String tenant = "default";
        String clientId = "verity-admin";
        String clientSecret = randomSecret();
        String adminPassword = randomSecret();
        tenancy.saveApplication(new Application("default", tenant, "Verity", OtpPolicy.DEFAULT,
                List.of("en", "es"), List.of()));
        tenancy.saveClient(new Client(clientId, tenant, "default", Set.of("admin")), clientSecret);
        tenancy.saveAdmin(tenant, "admin", adminPassword);
        // Deliberately printed once: these generated credentials exist nowhere else in readable form.
        log.warn("""

                ==================================================================
                 Verity first start: generated credentials (shown only this once)
                   tenant          : {}
                   application id  : default
                   client id       : {}
                   client secret   : {}
                   portal admin    : admin / {}
                 Store them now, or restart with VERITY_IMPORT set to a set-up file.
                ==================================================================""",
                tenant, clientId, clientSecret, adminPassword);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Set-up file: " + what + " is required");
        }
    }

}
