package dev.verity.api.v2;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.onboarding.AppRegistration;
import dev.verity.onboarding.Backend;
import dev.verity.onboarding.RegistrationService;
import dev.verity.tenancy.ProjectFlow;
import dev.verity.token.ClientPrincipal;
import dev.verity.token.RegistrationPrincipal;
import dev.verity.token.TokenService;
import tools.jackson.databind.JsonNode;

/** Verifik's App Registration endpoints (v2). */
@RestController
@RequestMapping(path = "/v2/app-registrations", produces = MediaType.APPLICATION_JSON_VALUE)
class AppRegistrationController {

    private final RegistrationService registrations;
    private final TokenService tokens;

    AppRegistrationController(RegistrationService registrations, TokenService tokens) {
        this.registrations = registrations;
        this.tokens = tokens;
    }

    /**
     * Starts a registration. Body problems are a 409 first; then an unknown project or flow is 404 whatever the
     * token; then a token, if sent, must be a valid client token; without one the flow must be public.
     */
    @PostMapping
    Map<String, Object> create(@RequestBody(required = false) JsonNode body,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Fields fields = new Fields(body);
        String project = fields.required("project", 64);
        String flow = fields.required("projectFlow", 64);
        String email = fields.email("email", false);
        String phoneRaw = fields.optional("phone", 32);
        String countryCode = fields.countryCode("countryCode", phoneRaw != null);
        String phone = fields.e164("phone", phoneRaw, countryCode);
        String fullName = fields.optional("fullName", 200);
        String firstName = fields.optional("firstName", 100);
        String lastName = fields.optional("lastName", 100);
        String language = fields.optional("language", 35);
        fields.requireOneOf("email", email, "phone", phoneRaw);
        fields.requireValid();
        RegistrationService.Created created = registrations.create(
                () -> backend(authorization),
                new RegistrationService.NewRegistration(project, flow, email, phone, countryCode, fullName, firstName,
                        lastName, language == null ? null : language));
        Map<String, Object> information = new LinkedHashMap<>();
        information.put("emailGateway", created.flow().emailGateway());
        information.put("phoneGateway", created.flow().phoneGateway());
        information.put("email", created.registration().email());
        information.put("phone", created.registration().phone());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("appRegistration", OnboardingViews.registration(created.registration()));
        data.put("informationValidation", information);
        AppRegistration registration = created.registration();
        data.put("token", tokens.issueRegistrationToken(registration.id(), registration.tenantId(),
                registration.applicationId(), created.applicationName(), created.flow().id()).value());
        return Map.of("data", data);
    }

    @PostMapping("/me")
    Map<String, Object> me(RegistrationPrincipal principal) {
        RegistrationService.Created me = registrations.me(Registrants.of(principal));
        Map<String, Object> data = OnboardingViews.registration(me.registration());
        data.put("project", Map.of("_id", me.registration().applicationId()));
        data.put("projectFlow", flow(me.flow()));
        return Map.of("data", data);
    }

    @PutMapping("/{id}/sync")
    Map<String, Object> sync(@PathVariable String id, RegistrationPrincipal principal,
            @RequestBody(required = false) JsonNode body) {
        Fields fields = new Fields(body);
        String step = fields.required("step", 64);
        String status = fields.optional("status", 32);
        fields.requireValid();
        AppRegistration updated = registrations.sync(Registrants.of(principal), id, step, status);
        return Map.of("data", OnboardingViews.registration(updated));
    }

    /** The backend whose client token came with the request, or null without one. */
    private Backend backend(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : "";
        ClientPrincipal client = tokens.requireClient(token);
        return new Backend(client.tenantId(), client.applicationId());
    }

    private static Map<String, Object> flow(ProjectFlow flow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", flow.id());
        m.put("type", flow.type());
        m.put("emailGateway", flow.emailGateway());
        m.put("phoneGateway", flow.phoneGateway());
        m.put("redirectUrl", flow.redirectUrl());
        m.put("language", flow.language());
        m.put("allowedCountries", flow.allowedCountries());
        m.put("public", flow.isPublic());
        m.put("demo", flow.demo());
        return m;
    }
}
