package dev.verity.tenancy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
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

/**
 * Applies the set-up file named by {@code verity.import} at every start: creates or updates what it
 * declares, by id, and deletes nothing, so applying it twice changes nothing. {@code ${NAME}} placeholders
 * in the file's values are resolved from the environment, which keeps secrets out of the file itself
 * (see {@link SetupFileReader}).
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
    private final ApplicationWebhookService applicationWebhooks;
    private final SetupProperties setup;
    private final TransactionTemplate transaction;
    private final SetupFileReader reader;

    SetupImporter(TenancyService tenancy, ApplicationWebhookService applicationWebhooks, SetupProperties setup,
            Environment environment, TransactionTemplate transaction) {
        this.tenancy = tenancy;
        this.applicationWebhooks = applicationWebhooks;
        this.setup = setup;
        this.transaction = transaction;
        this.reader = new SetupFileReader(environment);
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        Path file = setup.file();
        if (file != null) {
            SetupFileReader.ReadSetup setup = read(file);
            transaction.executeWithoutResult(status -> apply(setup));
            log.info("Applied set-up file {}: tenant '{}', {} application(s)", file, setup.content().tenant(),
                    setup.content().applications().size());
        } else if (!tenancy.anyTenant()) {
            transaction.executeWithoutResult(status -> createFirstStartDefaults());
        }
    }

    SetupFileReader.ReadSetup read(Path file) throws IOException {
        return reader.read(file);
    }

    /**
     * Applies a set-up file; every refusal names the file, line and key.
     *
     * @throws SetupFileException when anything in it is refused; the caller's transaction then rolls back
     */
    void apply(SetupFileReader.ReadSetup read) {
        SetupFile setup = read.content();
        tenancy.saveTenant(setup.tenant());
        for (int i = 0; i < setup.admins().size(); i++) {
            SetupFile.Admin admin = setup.admins().get(i);
            require(read, admin.username(), "/admins/" + i + "/username");
            require(read, admin.password(), "/admins/" + i + "/password");
            tenancy.saveAdmin(setup.tenant(), admin.username(), admin.password());
        }
        for (int i = 0; i < setup.applications().size(); i++) {
            SetupFile.AppSpec spec = setup.applications().get(i);
            String at = "/applications/" + i;
            require(read, spec.id(), at + "/id");
            settings(read, at, () -> tenancy.saveApplication(new Application(spec.id(), setup.tenant(),
                    spec.name() == null ? spec.id() : spec.name(), otpPolicy(spec), spec.languages(),
                    spec.redirectUris(), Limits.parse(spec.limits()),
                    spec.smsCountries() == null ? List.of() : spec.smsCountries())));
            for (int j = 0; j < spec.flows().size(); j++) {
                SetupFile.FlowSpec flow = spec.flows().get(j);
                String flowAt = at + "/flows/" + j;
                ProjectFlow checked = flow(read, flowAt, setup.tenant(), spec, flow);
                outbound(read, flowAt, "webhook_url", () -> settings(read, flowAt,
                        () -> tenancy.saveFlow(checked, flow.webhookSecret())));
            }
            for (int j = 0; j < spec.webhooks().size(); j++) {
                SetupFile.WebhookSpec webhook = spec.webhooks().get(j);
                String webhookAt = at + "/webhooks/" + j;
                require(read, webhook.url(), webhookAt + "/url");
                require(read, webhook.secret(), webhookAt + "/secret");
                outbound(read, webhookAt, "url", () -> settings(read, webhookAt, () -> applicationWebhooks.save(
                        setup.tenant(), spec.id(), webhook.url(), webhook.secret(), webhook.events())));
            }
            for (int j = 0; j < spec.clients().size(); j++) {
                SetupFile.ClientSpec client = spec.clients().get(j);
                String clientAt = at + "/clients/" + j;
                require(read, client.id(), clientAt + "/id");
                require(read, client.secret(), clientAt + "/secret");
                if (client.secret().length() < 16) {
                    throw read.error(clientAt + "/secret", "of client " + client.id()
                            + " must be at least 16 characters");
                }
                tenancy.saveClient(new Client(client.id(), setup.tenant(), spec.id(), new HashSet<>(client.roles())),
                        client.secret());
            }
        }
    }

    /** Runs a save, turning a refused setting into an error at its key below {@code at}. */
    private static void settings(SetupFileReader.ReadSetup read, String at, Runnable save) {
        try {
            save.run();
        } catch (InvalidSettingException e) {
            throw read.error(at + "/" + e.key().replace('.', '/'), e.getMessage().substring(e.key().length() + 1));
        }
    }

    /** Runs a save, turning a refused outbound URL into an error at its key {@code at/urlKey}. */
    private static void outbound(SetupFileReader.ReadSetup read, String at, String urlKey, Runnable save) {
        try {
            save.run();
        } catch (OutboundUrlRefusedException e) {
            // names the key, never the URL: it may carry a token
            throw read.error(at + "/" + urlKey, e.getMessage().replaceFirst("^" + urlKey + " ", "")
                    + (e.nonPublicAddress() ? " (verity.outbound.allow-private-networks=true allows private"
                            + " targets, for development only)" : ""));
        }
    }

    private static ProjectFlow flow(SetupFileReader.ReadSetup read, String at, String tenant, SetupFile.AppSpec app,
            SetupFile.FlowSpec flow) {
        require(read, flow.id(), at + "/id");
        String type = flow.type() == null ? "onboarding" : flow.type();
        if (!type.equals("onboarding") && !type.equals("login")) {
            throw read.error(at + "/type", "must be onboarding or login");
        }
        String email = flow.emailGateway() == null ? "email" : flow.emailGateway();
        if (!email.equals("email") && !email.equals("none")) {
            throw read.error(at + "/email_gateway", "must be email or none");
        }
        String phone = flow.phoneGateway() == null ? "none" : flow.phoneGateway();
        if (!phone.equals("sms") && !phone.equals("whatsapp") && !phone.equals("none")) {
            throw read.error(at + "/phone_gateway", "must be sms, whatsapp or none");
        }
        if (flow.webhookUrl() != null && (flow.webhookSecret() == null || !flow.webhookSecret().startsWith("whsec_"))) {
            throw read.error(at + "/webhook_secret", "is required with a webhook_url and starts with whsec_");
        }
        String demoOtp = flow.demoOtp() == null ? "123456" : flow.demoOtp();
        if (!demoOtp.matches("\\d{6}")) {
            throw read.error(at + "/demo_otp", "must be 6 digits");
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
        Duration ttl;
        try {
            ttl = otp.ttl() == null ? OtpPolicy.DEFAULT.ttl() : DurationStyle.detectAndParse(otp.ttl());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("otp.ttl", "must be a duration such as 10m");
        }
        return new OtpPolicy(otp.length() == null ? OtpPolicy.DEFAULT.length() : otp.length(), ttl,
                otp.maxAttempts() == null ? OtpPolicy.DEFAULT.maxAttempts() : otp.maxAttempts());
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

    private static void require(SetupFileReader.ReadSetup read, String value, String pointer) {
        if (value == null || value.isBlank()) {
            throw read.error(pointer, "is required");
        }
    }

}
