package dev.verity.admin;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.tenancy.InvalidSettingException;
import dev.verity.tenancy.LastAdminException;
import dev.verity.tenancy.PortalAdmin;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.ClientPrincipal;

/** The people who may log in to the tenant's admin portal: list, add, set a password, remove (never the last). */
@RestController
@RequestMapping(path = "/admin/api/admins", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminAdminsController {

    private final TenancyService tenancy;
    private final AuditLog audit;

    AdminAdminsController(TenancyService tenancy, AuditLog audit) {
        this.tenancy = tenancy;
        this.audit = audit;
    }

    record AdminBody(@Size(max = 128) String username, @Size(max = 1024) String password) {
    }

    record PasswordBody(@Size(max = 1024) String password) {
    }

    record AdminView(String username, @JsonProperty("created_at") Instant createdAt) {

        static AdminView of(PortalAdmin admin) {
            return new AdminView(admin.username(), admin.createdAt());
        }
    }

    @GetMapping
    List<AdminView> admins(ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        return tenancy.admins(caller.tenantId()).stream().map(AdminView::of).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AdminView create(@Valid @RequestBody AdminBody body, ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        String username = username(body.username());
        try {
            audit.record(caller.tenantId(), AdminController.actor(caller), "admin.create", "admin:" + username, null,
                    () -> {
                        tenancy.createAdmin(caller.tenantId(), username, body.password());
                        return null;
                    });
        } catch (InvalidSettingException e) {
            throw new AdminController.InvalidInputException(e.getMessage());
        }
        return tenancy.admins(caller.tenantId()).stream().filter(a -> a.username().equals(username)).findFirst()
                .map(AdminView::of).orElseThrow();
    }

    @PutMapping("/{username}/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@PathVariable String username, @Valid @RequestBody PasswordBody body, ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        try {
            audit.record(caller.tenantId(), AdminController.actor(caller), "admin.password", "admin:" + username, null,
                    () -> {
                        if (!tenancy.changeAdminPassword(caller.tenantId(), username, body.password())) {
                            throw new AdminController.NotFoundException();
                        }
                        return null;
                    });
        } catch (InvalidSettingException e) {
            throw new AdminController.InvalidInputException(e.getMessage());
        }
    }

    @DeleteMapping("/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String username, ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        try {
            audit.record(caller.tenantId(), AdminController.actor(caller), "admin.delete", "admin:" + username, null,
                    () -> {
                        if (!tenancy.deleteAdmin(caller.tenantId(), username)) {
                            throw new AdminController.NotFoundException();
                        }
                        return null;
                    });
        } catch (LastAdminException e) {
            throw new AdminController.ConflictException("last-admin",
                    "The tenant's last portal admin cannot be removed; add another first.");
        }
    }

    private static String username(String value) {
        if (value == null || value.isEmpty()) {
            throw new AdminController.InvalidInputException("username is required");
        }
        if (value.length() > 128 || !value.matches("[A-Za-z0-9._@+-]+")) {
            throw new AdminController.InvalidInputException(
                    "username must be letters, digits, '.', '_', '@', '+' or '-' (at most 128)");
        }
        return value;
    }
}
