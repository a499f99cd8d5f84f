package dev.verity.admin;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.ClientPrincipal;
import dev.verity.verification.VerificationLog;

/**
 * What happened in the tenant: the verification log (every code and link, masked, with its outcome, channel,
 * country and client IP), the protection rules' refusals, and the SMS number prefixes they block, which an
 * admin may lift.
 */
@RestController
@RequestMapping(path = "/admin/api", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminActivityController {

    private final VerificationLog log;
    private final TenancyService tenancy;
    private final AuditLog audit;

    AdminActivityController(VerificationLog log, TenancyService tenancy, AuditLog audit) {
        this.log = log;
        this.tenancy = tenancy;
        this.audit = audit;
    }

    /** The tenant's codes and links, newest first, optionally of one application. */
    @GetMapping("/verifications")
    List<VerificationView> verifications(ClientPrincipal caller,
            @RequestParam(required = false) String application, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        AdminController.requireAdmin(caller);
        if (application != null) {
            own(application, caller);
        }
        return log.verifications(caller.tenantId(), application, AdminController.offset(offset),
                AdminController.limit(limit)).stream().map(VerificationView::of).toList();
    }

    @GetMapping("/protection-events")
    List<VerificationLog.Refusal> protectionEvents(ClientPrincipal caller, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        AdminController.requireAdmin(caller);
        return log.protectionEvents(caller.tenantId(), AdminController.offset(offset),
                AdminController.limit(limit));
    }

    /** The SMS number prefixes blocked in the tenant's applications for not converting. */
    @GetMapping("/blocked-prefixes")
    List<VerificationLog.Block> blockedPrefixes(ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        return log.blockedPrefixes(tenancy.applications(caller.tenantId()).stream().map(Application::id).toList());
    }

    /** Lifts a block before its time: sends to the prefix are accepted again (and watched again). */
    @DeleteMapping("/applications/{id}/blocked-prefixes/{prefix}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void liftBlock(@PathVariable String id, @PathVariable String prefix, ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        own(id, caller);
        audit.record(caller.tenantId(), AdminController.actor(caller), "block.lift", "application:" + id,
                "prefix=" + prefix.substring(0, Math.min(prefix.length(), 32)), () -> {
                    if (!log.liftBlock(id, prefix)) {
                        throw new AdminController.NotFoundException();
                    }
                    return null;
                });
    }

    private void own(String applicationId, ClientPrincipal caller) {
        tenancy.application(applicationId).filter(app -> app.tenantId().equals(caller.tenantId()))
                .orElseThrow(AdminController.NotFoundException::new);
    }
}
