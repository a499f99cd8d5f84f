package dev.verity.admin;

import java.util.List;

import org.springframework.http.MediaType;
import jakarta.validation.Valid;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.delivery.DevInbox;
import dev.verity.delivery.MessageStatus;
import dev.verity.delivery.Outbox;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.ClientPrincipal;

/**
 * The admin API (client tokens with the {@code admin} role, scoped to their tenant): applications (name,
 * OTP policy, languages, allowed redirect URIs), the dev inbox of the embedded default, and the delivery
 * state of a queued message. Another tenant's objects are 404, never 403, so their existence does not leak.
 */
@RestController
@RequestMapping(path = "/admin/api", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminController {

    private final DevInbox devInbox;
    private final Outbox outbox;
    private final TenancyService tenancy;

    AdminController(DevInbox devInbox, Outbox outbox, TenancyService tenancy) {
        this.devInbox = devInbox;
        this.outbox = outbox;
        this.tenancy = tenancy;
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
            return tenancy.updateApplication(client.tenantId(), id, new TenancyService.ApplicationChanges(
                            body.name(), otp, body.languages(), body.redirectUris()))
                    .map(ApplicationView::of).orElseThrow(NotFoundException::new);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** Messages captured instead of sent when no SMTP host is configured, newest first. */
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

    private static void requireAdmin(ClientPrincipal client) {
        if (!client.isAdmin()) {
            throw new ForbiddenException();
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
