package dev.verity.api.v2;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.onboarding.Validation;
import dev.verity.onboarding.ValidationService;
import dev.verity.shared.ClientIpResolver;
import dev.verity.shared.PhoneNumbers;
import dev.verity.token.ClientPrincipal;
import dev.verity.token.RegistrationPrincipal;
import tools.jackson.databind.JsonNode;

/** Verifik's email and phone validations of app registrations (v2). */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class ValidationsController {

    private static final int CODE_LENGTH = 6;

    private final ValidationService validations;
    private final Clock clock;
    private final ClientIpResolver clientIp;

    ValidationsController(ValidationService validations, Clock clock, ClientIpResolver clientIp) {
        this.validations = validations;
        this.clock = clock;
        this.clientIp = clientIp;
    }

    @PostMapping("/v2/email-validations/app-registration")
    Map<String, Object> createEmail(RegistrationPrincipal principal, @RequestBody(required = false) JsonNode body,
            jakarta.servlet.http.HttpServletRequest request) {
        Fields fields = new Fields(body);
        String project = fields.required("project", 64);
        String method = fields.oneOf("validationMethod", "verificationCode");
        String email = fields.email("email", true);
        String type = fields.oneOf("type", "onboarding");
        var expiresAt = fields.expiresAt("expiresAt", clock.instant(), ValidationService.DEFAULT_TTL);
        fields.requireValid();
        return created(validations.create(Registrants.of(principal), new ValidationService.NewValidation(project, Validation.Kind.EMAIL,
                email, null, null, null, type, method, expiresAt, clientIp.resolve(request))));
    }

    @PutMapping("/v2/email-validations/{id}")
    Map<String, Object> validateEmail(@PathVariable String id, RegistrationPrincipal principal,
            @RequestBody(required = false) JsonNode body) {
        Fields fields = new Fields(body);
        String email = fields.email("email", true);
        String otp = fields.otp("otp", CODE_LENGTH);
        fields.requireValid();
        Validation done = validations.validateById(Registrants.of(principal), Validation.Kind.EMAIL, id, email, otp);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("_id", done.id());
        data.put("status", done.status().wireName());
        data.put("email", done.destination());
        data.put("type", done.type());
        data.put("showFaceLivenessRecommendation", false);
        return Map.of("data", data);
    }

    @PostMapping("/v2/phone-validations/app-registration")
    Map<String, Object> createPhone(RegistrationPrincipal principal, @RequestBody(required = false) JsonNode body,
            jakarta.servlet.http.HttpServletRequest request) {
        Fields fields = new Fields(body);
        String project = fields.required("project", 64);
        String method = fields.oneOf("validationMethod", "verificationCode");
        String phone = fields.required("phone", 32);
        String countryCode = fields.countryCode("countryCode", true);
        String e164 = fields.e164("phone", phone, countryCode);
        String type = fields.oneOf("type", "onboarding");
        var expiresAt = fields.expiresAt("expiresAt", clock.instant(), ValidationService.DEFAULT_TTL);
        fields.requireValid();
        return created(validations.create(Registrants.of(principal), new ValidationService.NewValidation(project, Validation.Kind.PHONE,
                e164, phone, countryCode, PhoneNumbers.regionOf(e164), type, method, expiresAt,
                clientIp.resolve(request))));
    }

    @PutMapping("/v2/phone-validations")
    Map<String, Object> validatePhone(RegistrationPrincipal principal, @RequestBody(required = false) JsonNode body) {
        Fields fields = new Fields(body);
        String phone = fields.required("phone", 32);
        String countryCode = fields.countryCode("countryCode", true);
        String e164 = fields.e164("phone", phone, countryCode);
        String otp = fields.otp("otp", CODE_LENGTH);
        fields.requireValid();
        Validation done = validations.validateLatest(Registrants.of(principal), Validation.Kind.PHONE, e164, otp);
        return Map.of("data", OnboardingViews.validation(done));
    }

    @GetMapping("/v2/email-validations")
    Map<String, Object> listEmail(ClientPrincipal client, @RequestParam(required = false) String status,
            @RequestParam(required = false) String type, @RequestParam(required = false) String email,
            @RequestParam(defaultValue = "1") String page, @RequestParam(defaultValue = "20") String limit) {
        return list(client, Validation.Kind.EMAIL, status, type,
                email == null ? null : email.replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT), page, limit);
    }

    @GetMapping("/v2/phone-validations")
    Map<String, Object> listPhone(ClientPrincipal client, @RequestParam(required = false) String status,
            @RequestParam(required = false) String type, @RequestParam(required = false) String phone,
            @RequestParam(defaultValue = "1") String page, @RequestParam(defaultValue = "20") String limit) {
        return list(client, Validation.Kind.PHONE, status, type, phone, page, limit);
    }

    @GetMapping("/v2/email-validations/{id}")
    Map<String, Object> getEmail(@PathVariable String id, ClientPrincipal client) {
        return Map.of("data", OnboardingViews.validation(validations.get(client.applicationId(), Validation.Kind.EMAIL, id)));
    }

    @GetMapping("/v2/phone-validations/{id}")
    Map<String, Object> getPhone(@PathVariable String id, ClientPrincipal client) {
        return Map.of("data", OnboardingViews.validation(validations.get(client.applicationId(), Validation.Kind.PHONE, id)));
    }

    private Map<String, Object> list(ClientPrincipal client, Validation.Kind kind, String status, String type,
            String destination, String pageText, String limitText) {
        int page = positive(pageText, "page", Integer.MAX_VALUE);
        int limit = positive(limitText, "limit", 100);
        ValidationService.PageOf result = validations.list(client.applicationId(), kind, status, type, destination,
                page, limit);
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("limit", limit);
        pagination.put("total", result.total());
        pagination.put("pages", (result.total() + limit - 1) / limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", result.items().stream().map(OnboardingViews::validation).toList());
        body.put("pagination", pagination);
        return body;
    }

    private static int positive(String text, String name, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MissingParameterException(java.util.List.of("invalid " + name));
    }

    private static Map<String, Object> created(ValidationService.Created created) {
        Map<String, Object> data = OnboardingViews.validation(created.validation());
        data.put("existing", created.existing());
        return Map.of("data", data);
    }
}
