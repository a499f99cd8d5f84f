package dev.verity.admin;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.delivery.DevInbox;
import dev.verity.delivery.MessageStatus;
import dev.verity.delivery.Outbox;
import dev.verity.token.ClientPrincipal;

/**
 * The admin API (client tokens with the {@code admin} role, scoped to their tenant). For now: the dev inbox
 * of the embedded default, and the delivery state of a queued message.
 */
@RestController
@RequestMapping(path = "/admin/api", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminController {

    private final DevInbox devInbox;
    private final Outbox outbox;

    AdminController(DevInbox devInbox, Outbox outbox) {
        this.devInbox = devInbox;
        this.outbox = outbox;
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

    static class NotFoundException extends RuntimeException {
        NotFoundException() {
            super("not found", null, false, false);
        }
    }
}
