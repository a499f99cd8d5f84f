package dev.verity.admin;

import java.util.Set;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.verity.tenancy.IdTakenException;
import dev.verity.tenancy.TenancyService;

/**
 * The portal's clients page: the tenant's API clients, a form to add one, and per client a new secret or
 * revocation. A new secret is shown in the answer to the form that made it and nowhere else: it is not put in
 * the session or a redirect, and Verity keeps only its hash.
 */
@Controller
class PortalClientsController {

    private final TenancyService tenancy;
    private final AuditLog audit;

    PortalClientsController(TenancyService tenancy, AuditLog audit) {
        this.tenancy = tenancy;
        this.audit = audit;
    }

    @GetMapping("/admin/clients")
    String clients(@AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model) {
        return page(admin, model, null);
    }

    @PostMapping("/admin/clients")
    String create(@RequestParam(defaultValue = "") String id, @RequestParam(defaultValue = "") String application,
            @RequestParam(defaultValue = "false") boolean admin, @AuthenticationPrincipal PortalLogins.PortalAdmin who,
            Model model) {
        String clientId = id.strip();
        model.addAttribute("typedId", clientId);
        try {
            AdminController.requireId("id", clientId, 128);
        } catch (AdminController.InvalidInputException e) {
            model.addAttribute("idError", "The id " + e.getMessage().substring(3));
            return page(who, model, null);
        }
        Set<String> roles = admin ? Set.of("admin") : Set.of();
        try {
            String secret = audit.record(who.tenantId(), who.actor(), "client.create", "client:" + clientId,
                    "application=" + application + " roles=" + String.join(",", roles),
                    () -> tenancy.createClient(who.tenantId(), application, clientId, roles)
                            .orElseThrow(() -> new AdminController.InvalidInputException("application")));
            model.addAttribute("typedId", "");
            return page(who, model, new Secret(clientId, secret, "Client " + clientId + " was added."));
        } catch (IdTakenException e) {
            model.addAttribute("idError", "The id is already taken.");
        } catch (AdminController.InvalidInputException e) {
            model.addAttribute("applicationError", "Choose one of this tenant's applications.");
        }
        return page(who, model, null);
    }

    @PostMapping("/admin/clients/{id}/secret")
    String rotate(@PathVariable String id, @AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model) {
        try {
            String secret = audit.record(admin.tenantId(), admin.actor(), "client.rotate-secret", "client:" + id, null,
                    () -> tenancy.rotateClientSecret(admin.tenantId(), id)
                            .orElseThrow(AdminController.NotFoundException::new));
            return page(admin, model,
                    new Secret(id, secret, "Client " + id + " has a new secret; the old one no longer gets a token."));
        } catch (AdminController.NotFoundException e) {
            // not a client of this tenant: nothing changed, nothing recorded
            return page(admin, model, null);
        }
    }

    @PostMapping("/admin/clients/{id}/revoke")
    String revoke(@PathVariable String id, @AuthenticationPrincipal PortalLogins.PortalAdmin admin,
            RedirectAttributes redirect) {
        try {
            audit.record(admin.tenantId(), admin.actor(), "client.revoke", "client:" + id, null, () -> {
                if (!tenancy.deleteClient(admin.tenantId(), id)) {
                    throw new AdminController.NotFoundException();
                }
                return null;
            });
            redirect.addFlashAttribute("notice", "Client " + id + " was revoked: its secret and its tokens are refused.");
        } catch (AdminController.NotFoundException e) {
            // not a client of this tenant: nothing changed, nothing recorded
        }
        return "redirect:/admin/clients";
    }

    /** A secret to show once. */
    record Secret(String clientId, String value, String message) {
    }

    private String page(PortalLogins.PortalAdmin admin, Model model, Secret secret) {
        model.addAttribute("admin", admin);
        model.addAttribute("clients", tenancy.clients(admin.tenantId()));
        model.addAttribute("applications", tenancy.applications(admin.tenantId()));
        model.addAttribute("secret", secret);
        if (!model.containsAttribute("typedId")) {
            model.addAttribute("typedId", "");
        }
        return "portal/clients";
    }
}
