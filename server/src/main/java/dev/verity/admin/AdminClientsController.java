package dev.verity.admin;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.tenancy.Client;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.ClientPrincipal;

/**
 * The tenant's API clients: list, create (the secret is in that answer only), rotate a secret (the old one is
 * refused from then on) and revoke (the client's secret and every token it was issued stop working). Every change
 * goes to the audit log.
 */
@RestController
@RequestMapping(path = "/admin/api/clients", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminClientsController {

    private static final Set<String> ROLES = Set.of("admin");

    private final TenancyService tenancy;
    private final AuditLog audit;

    AdminClientsController(TenancyService tenancy, AuditLog audit) {
        this.tenancy = tenancy;
        this.audit = audit;
    }

    @GetMapping
    List<ClientView> clients(ClientPrincipal caller, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        AdminController.requireAdmin(caller);
        return AdminController.page(tenancy.clients(caller.tenantId()), offset, limit).stream().map(ClientView::of)
                .toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ClientView create(@Valid @RequestBody ClientBody body, ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        String id = AdminController.requireId("id", body.id(), 128);
        String application = AdminController.requireId("application", body.application(), 64);
        Set<String> roles = body.roles() == null ? Set.of() : Set.copyOf(body.roles());
        if (!ROLES.containsAll(roles)) {
            throw new AdminController.InvalidInputException("roles may only contain admin");
        }
        String secret = audit.record(caller.tenantId(), AdminController.actor(caller), "client.create", "client:" + id,
                "application=" + application + " roles=" + String.join(",", roles.stream().sorted().toList()),
                () -> tenancy.createClient(caller.tenantId(), application, id, roles)
                        .orElseThrow(() -> new AdminController.InvalidInputException(
                                "application is not an application of this tenant")));
        return ClientView.of(new Client(id, caller.tenantId(), application, roles), secret);
    }

    /** A new secret for the client, shown in this answer only; the old secret gets no token any more. */
    @PostMapping("/{id}/secret")
    ClientView rotateSecret(@PathVariable String id, ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        Client client = own(id, caller);
        String secret = audit.record(caller.tenantId(), AdminController.actor(caller), "client.rotate-secret",
                "client:" + id, null, () -> tenancy.rotateClientSecret(caller.tenantId(), id)
                        .orElseThrow(AdminController.NotFoundException::new));
        return ClientView.of(client, secret);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String id, ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        own(id, caller);
        if (id.equals(caller.clientId())) {
            throw new AdminController.ConflictException("self-revoke",
                    "A client cannot revoke itself; revoke it with another admin client or in the portal.");
        }
        audit.record(caller.tenantId(), AdminController.actor(caller), "client.revoke", "client:" + id, null, () -> {
            if (!tenancy.deleteClient(caller.tenantId(), id)) {
                throw new AdminController.NotFoundException();
            }
            return null;
        });
    }

    private Client own(String id, ClientPrincipal caller) {
        return tenancy.client(id).filter(client -> client.tenantId().equals(caller.tenantId()))
                .orElseThrow(AdminController.NotFoundException::new);
    }
}
