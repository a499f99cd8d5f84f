package dev.verity.admin;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import jakarta.validation.Valid;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.delivery.DevInbox;
import dev.verity.delivery.MessageStatus;
import dev.verity.delivery.Outbox;
import dev.verity.delivery.OutboundUrlRefusedException;
import dev.verity.delivery.WebhookLog;
import dev.verity.tenancy.Application;
import dev.verity.tenancy.ApplicationWebhookService;
import dev.verity.tenancy.InvalidSettingException;
import dev.verity.tenancy.Limits;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.tenancy.ProjectFlow;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.ClientPrincipal;

/**
 * The admin API (client tokens with the {@code admin} role, scoped to their tenant): applications (name,
 * OTP policy, languages, allowed redirect URIs), their v2 flows and v1 webhooks, the dev inbox of the embedded
 * default, and the delivery state of a queued message. Another tenant's objects are 404, never 403, so their existence does not leak.
 */
@RestController
@RequestMapping(path = "/admin/api", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminController {

    private final DevInbox devInbox;
    private final Outbox outbox;
    private final TenancyService tenancy;
    private final WebhookLog webhookLog;
    private final ApplicationWebhookService webhooks;
    private final AuditLog audit;

    AdminController(DevInbox devInbox, Outbox outbox, TenancyService tenancy, WebhookLog webhookLog,
            ApplicationWebhookService webhooks, AuditLog audit) {
        this.audit = audit;
        this.webhooks = webhooks;
        this.webhookLog = webhookLog;
        this.devInbox = devInbox;
        this.outbox = outbox;
        this.tenancy = tenancy;
    }

    /** The tenant's applications, by id. */
    @GetMapping("/applications")
    List<ApplicationView> applications(ClientPrincipal client, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        requireAdmin(client);
        return page(tenancy.applications(client.tenantId()), offset, limit).stream().map(ApplicationView::of).toList();
    }

    /** Creates an application in the caller's tenant; 409 when the id is taken (ids are global: tokens name them). */
    @PostMapping("/applications")
    @ResponseStatus(HttpStatus.CREATED)
    ApplicationView createApplication(@Valid @RequestBody NewApplicationBody body, ClientPrincipal client) {
        requireAdmin(client);
        String id = requireId("id", body.id(), 64);
        if (body.name() == null || body.name().isBlank()) {
            throw new InvalidInputException("name is required");
        }
        OtpPolicy otp;
        try {
            ApplicationBody.Otp given = body.otp();
            otp = given == null ? OtpPolicy.DEFAULT : new OtpPolicy(
                    given.length() != null ? given.length() : OtpPolicy.DEFAULT.length(),
                    given.ttl() != null ? DurationStyle.detectAndParse(given.ttl()) : OtpPolicy.DEFAULT.ttl(),
                    given.maxAttempts() != null ? given.maxAttempts() : OtpPolicy.DEFAULT.maxAttempts());
            Application app = new Application(id, client.tenantId(), body.name(), otp,
                    body.languages() == null ? List.of("en") : body.languages(),
                    body.redirectUris() == null ? List.of() : body.redirectUris(),
                    body.limits() == null ? Limits.DEFAULT : Limits.DEFAULT.with(body.limits()),
                    body.smsCountries() == null ? List.of() : body.smsCountries());
            return ApplicationView.of(audit.record(client.tenantId(), actor(client), "application.create",
                    "application:" + id, null, () -> tenancy.createApplication(app)));
        } catch (IllegalArgumentException e) {
            // InvalidSettingException included: its message names the setting and the rule
            throw new InvalidInputException(e.getMessage());
        }
    }

    @GetMapping("/applications/{id}")
    ApplicationView application(@PathVariable String id, ClientPrincipal client) {
        requireAdmin(client);
        return tenancy.application(id).filter(app -> app.tenantId().equals(client.tenantId()))
                .map(ApplicationView::of).orElseThrow(NotFoundException::new);
    }

    @PatchMapping("/applications/{id}")
    ApplicationView updateApplication(@PathVariable String id, @Valid @RequestBody ApplicationBody body,
            ClientPrincipal client) {
        requireAdmin(client);
        OtpPolicy otp = null;
        if (body.otp() != null) {
            OtpPolicy current = tenancy.application(id).filter(app -> app.tenantId().equals(client.tenantId()))
                    .orElseThrow(NotFoundException::new).otp();
            try {
                otp = new OtpPolicy(body.otp().length() != null ? body.otp().length() : current.length(),
                        body.otp().ttl() != null ? DurationStyle.detectAndParse(body.otp().ttl()) : current.ttl(),
                        body.otp().maxAttempts() != null ? body.otp().maxAttempts() : current.maxAttempts());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
        }
        try {
            // a partial map changes only the limits it names
            dev.verity.tenancy.Limits limits = body.limits() == null ? null : tenancy.application(id)
                    .filter(app -> app.tenantId().equals(client.tenantId()))
                    .orElseThrow(NotFoundException::new).limits().with(body.limits());
            TenancyService.ApplicationChanges changes = new TenancyService.ApplicationChanges(
                    body.name(), otp, body.languages(), body.redirectUris(), limits, body.smsCountries());
            return ApplicationView.of(audit.record(client.tenantId(), actor(client), "application.update",
                    "application:" + id, changed(body), () -> tenancy.updateApplication(client.tenantId(), id, changes)
                            .orElseThrow(NotFoundException::new)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** Creates or replaces a v2 project flow of one of the tenant's applications. */
    @PutMapping("/applications/{id}/flows/{flowId}")
    java.util.Map<String, Object> putFlow(@PathVariable String id, @PathVariable String flowId,
            @Valid @RequestBody FlowBody body, ClientPrincipal client) {
        requireAdmin(client);
        var app = tenancy.application(id).filter(a -> a.tenantId().equals(client.tenantId()))
                .orElseThrow(NotFoundException::new);
        if (body.webhookUrl() != null && body.webhookSecret() == null) {
            throw new InvalidInputException("webhook_url needs a webhook_secret");
        }
        if (flowId.length() > 64 || !flowId.matches("[A-Za-z0-9_-]+")) {
            throw new InvalidInputException("flow id must be letters, digits, - or _ (at most 64)");
        }
        try {
            ProjectFlow flow = new ProjectFlow(flowId, app.id(), app.tenantId(),
                    body.type() == null ? "onboarding" : body.type(), Boolean.TRUE.equals(body.isPublic()),
                    body.emailGateway() == null ? "email" : body.emailGateway(),
                    body.phoneGateway() == null ? "none" : body.phoneGateway(), body.webhookUrl(), false,
                    body.redirectUrl(), body.language() == null ? app.languages().get(0) : body.language(),
                    body.allowedCountries() == null ? List.of() : body.allowedCountries(),
                    Boolean.TRUE.equals(body.demo()), body.demoOtp() == null ? "123456" : body.demoOtp());
            audit.record(client.tenantId(), actor(client), "flow.save", "flow:" + id + "/" + flowId, null, () -> {
                tenancy.saveFlow(flow, body.webhookSecret());
                return null;
            });
        } catch (InvalidSettingException | OutboundUrlRefusedException e) {
            // messages name the setting and the rule, never the URL or an address it resolved to
            throw new InvalidInputException(e.getMessage());
        }
        return flow(id, flowId, client);
    }

    /** The application's v2 project flows, without their webhook secrets. */
    @GetMapping("/applications/{id}/flows")
    List<java.util.Map<String, Object>> flows(@PathVariable String id, ClientPrincipal client) {
        requireAdmin(client);
        tenancy.application(id).filter(app -> app.tenantId().equals(client.tenantId()))
                .orElseThrow(NotFoundException::new);
        return tenancy.flows(id).stream().map(AdminController::flowView).toList();
    }

    /** A flow, without its webhook secret. */
    @GetMapping("/applications/{id}/flows/{flowId}")
    java.util.Map<String, Object> flow(@PathVariable String id, @PathVariable String flowId, ClientPrincipal client) {
        requireAdmin(client);
        ProjectFlow flow = tenancy.flow(id, flowId).filter(f -> f.tenantId().equals(client.tenantId()))
                .orElseThrow(NotFoundException::new);
        return flowView(flow);
    }

    private static java.util.Map<String, Object> flowView(ProjectFlow flow) {
        java.util.Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("id", flow.id());
        view.put("application", flow.applicationId());
        view.put("type", flow.type());
        view.put("public", flow.isPublic());
        view.put("email_gateway", flow.emailGateway());
        view.put("phone_gateway", flow.phoneGateway());
        view.put("webhook_url", flow.webhookUrl());
        view.put("webhook_disabled", flow.webhookDisabled());
        view.put("redirect_url", flow.redirectUrl());
        view.put("language", flow.language());
        view.put("allowed_countries", flow.allowedCountries());
        view.put("demo", flow.demo());
        return view;
    }

    /** The v1 webhooks of one of the tenant's applications, oldest first, without their secrets. */
    @GetMapping("/applications/{id}/webhooks")
    List<WebhookView> webhooks(@PathVariable String id, ClientPrincipal client) {
        requireAdmin(client);
        return webhooks.list(client.tenantId(), id).orElseThrow(NotFoundException::new).stream()
                .map(WebhookView::of).toList();
    }

    /** Adds a v1 webhook to one of the tenant's applications; the secret is stored sealed and never shown again. */
    @PostMapping("/applications/{id}/webhooks")
    @ResponseStatus(HttpStatus.CREATED)
    WebhookView createWebhook(@PathVariable String id, @Valid @RequestBody WebhookBody body, ClientPrincipal client) {
        requireAdmin(client);
        try {
            return WebhookView.of(audit.record(client.tenantId(), actor(client), "webhook.create",
                    "application:" + id, null, () -> webhooks.create(client.tenantId(), id, body.url(), body.secret(),
                            body.events()).orElseThrow(NotFoundException::new)));
        } catch (InvalidSettingException | OutboundUrlRefusedException e) {
            // messages name the setting and the rule, never the URL, the secret or an address it resolved to
            throw new InvalidInputException(e.getMessage());
        }
    }

    @DeleteMapping("/applications/{id}/webhooks/{webhookId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteWebhook(@PathVariable String id, @PathVariable String webhookId, ClientPrincipal client) {
        requireAdmin(client);
        audit.record(client.tenantId(), actor(client), "webhook.delete", "webhook:" + id + "/" + webhookId, null, () -> {
            if (!webhooks.delete(client.tenantId(), id, webhookId)) {
                throw new NotFoundException();
            }
            return null;
        });
    }

    /** The webhook delivery log of the tenant, newest first, optionally for one endpoint. */
    @GetMapping("/webhook-deliveries")
    List<WebhookLog.Attempt> webhookDeliveries(ClientPrincipal client,
            @RequestParam(required = false) String endpoint, @RequestParam(defaultValue = "50") int limit) {
        requireAdmin(client);
        return webhookLog.latest(client.tenantId(), endpoint, Math.max(1, Math.min(limit, 500)));
    }

    @GetMapping("/dev-inbox")
    List<DevInbox.CapturedMessage> devInbox(ClientPrincipal client,
            @RequestParam(defaultValue = "20") int limit) {
        requireAdmin(client);
        return devInbox.latest(client.tenantId(), Math.max(1, Math.min(limit, 100)));
    }

    @GetMapping("/messages/{id}")
    MessageStatus message(@PathVariable String id, ClientPrincipal client) {
        requireAdmin(client);
        return outbox.status(client.tenantId(), id).orElseThrow(NotFoundException::new);
    }

    static final int MAX_PAGE = 500;

    static void requireAdmin(ClientPrincipal client) {
        if (!client.isAdmin()) {
            throw new ForbiddenException();
        }
    }

    /** Who made a change, as the audit log names it. */
    static String actor(ClientPrincipal client) {
        return "client:" + client.clientId();
    }

    /** One page of a list: {@code offset} from 0, {@code limit} from 1 to {@value #MAX_PAGE}. */
    static <T> List<T> page(List<T> all, int offset, int limit) {
        int from = Math.min(offset(offset), all.size());
        return all.subList(from, Math.min(all.size(), from + limit(limit)));
    }

    /** A list's {@code offset} as asked, but not below 0. */
    static int offset(int offset) {
        return Math.max(0, offset);
    }

    /** A list's {@code limit} as asked, but from 1 to {@value #MAX_PAGE}. */
    static int limit(int limit) {
        return Math.max(1, Math.min(limit, MAX_PAGE));
    }

    /** An id of letters, digits, {@code .}, {@code -} or {@code _}, at most {@code max} long. */
    static String requireId(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field + " is required");
        }
        if (value.length() > max || !value.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidInputException(field + " must be letters, digits, '.', '-' or '_' (at most " + max + ")");
        }
        return value;
    }

    /** The settings a partial update names, for the audit log (names only: values may be long or personal). */
    private static String changed(ApplicationBody body) {
        List<String> names = new ArrayList<>();
        if (body.name() != null) {
            names.add("name");
        }
        if (body.otp() != null) {
            names.add("otp");
        }
        if (body.languages() != null) {
            names.add("languages");
        }
        if (body.redirectUris() != null) {
            names.add("redirect_uris");
        }
        if (body.limits() != null) {
            names.add("limits");
        }
        if (body.smsCountries() != null) {
            names.add("sms_countries");
        }
        return String.join(",", names);
    }

    /** A change that contradicts the current state (409), with a stable problem type. */
    static class ConflictException extends RuntimeException {
        private final String type;

        ConflictException(String type, String detail) {
            super(detail, null, false, false);
            this.type = type;
        }

        String type() {
            return type;
        }
    }

    static class ForbiddenException extends RuntimeException {
        ForbiddenException() {
            super("admin role required", null, false, false);
        }
    }

    static class InvalidInputException extends RuntimeException {
        InvalidInputException(String message) {
            super(message, null, false, false);
        }
    }

    static class NotFoundException extends RuntimeException {
        NotFoundException() {
            super("not found", null, false, false);
        }
    }
}
