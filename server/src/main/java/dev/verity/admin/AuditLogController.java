package dev.verity.admin;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.token.ClientPrincipal;

/** The tenant's audit log: every change made through the admin API, newest first. */
@RestController
class AuditLogController {

    private final AuditLog audit;

    AuditLogController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping(path = "/admin/api/audit-log", produces = MediaType.APPLICATION_JSON_VALUE)
    List<AuditLog.Entry> auditLog(ClientPrincipal caller, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        AdminController.requireAdmin(caller);
        return audit.latest(caller.tenantId(), AdminController.offset(offset), AdminController.limit(limit));
    }
}
