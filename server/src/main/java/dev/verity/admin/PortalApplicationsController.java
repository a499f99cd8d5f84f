package dev.verity.admin;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.InvalidSettingException;
import dev.verity.tenancy.RedirectUris;
import dev.verity.tenancy.TenancyService;

/**
 * The portal's application pages: the tenant's applications, and one application with its settings and its
 * allowed redirect URIs, which an admin adds and removes here. A refused URI is shown beside the field, with
 * what was typed kept; every change goes to the audit log under the admin's name.
 */
@Controller
class PortalApplicationsController {

    private final TenancyService tenancy;
    private final AuditLog audit;

    PortalApplicationsController(TenancyService tenancy, AuditLog audit) {
        this.tenancy = tenancy;
        this.audit = audit;
    }

    @GetMapping("/admin/applications")
    String applications(@AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model) {
        model.addAttribute("admin", admin);
        model.addAttribute("applications", tenancy.applications(admin.tenantId()));
        return "portal/applications";
    }

    @GetMapping("/admin/applications/{id}")
    String application(@PathVariable String id, @AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model,
            HttpServletResponse response) {
        return page(id, admin, model, response, null, null);
    }

    @PostMapping("/admin/applications/{id}/redirect-uris")
    String addRedirectUri(@PathVariable String id, @RequestParam(defaultValue = "") String uri,
            @AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        Application app = own(id, admin);
        if (app == null) {
            return notFound(admin, model, response);
        }
        String value = uri.strip();
        try {
            RedirectUris.requireRegistrable(value);
            if (!app.redirectUris().contains(value)) {
                List<String> uris = new ArrayList<>(app.redirectUris());
                uris.add(value);
                save(admin, app, uris);
            }
        } catch (InvalidSettingException e) {
            return page(id, admin, model, response, value, "The redirect URI " + reason(e));
        }
        redirect.addFlashAttribute("notice", "Added " + value + ".");
        return "redirect:/admin/applications/" + id;
    }

    @PostMapping("/admin/applications/{id}/redirect-uris/remove")
    String removeRedirectUri(@PathVariable String id, @RequestParam(defaultValue = "") String uri,
            @AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        Application app = own(id, admin);
        if (app == null) {
            return notFound(admin, model, response);
        }
        if (app.redirectUris().contains(uri)) {
            List<String> uris = new ArrayList<>(app.redirectUris());
            uris.remove(uri);
            save(admin, app, uris);
            redirect.addFlashAttribute("notice", "Removed " + uri + ".");
        }
        return "redirect:/admin/applications/" + id;
    }

    private void save(PortalLogins.PortalAdmin admin, Application app, List<String> uris) {
        audit.record(admin.tenantId(), admin.actor(), "application.update", "application:" + app.id(), "redirect_uris",
                () -> tenancy.updateApplication(admin.tenantId(), app.id(),
                        new TenancyService.ApplicationChanges(null, null, null, uris)));
    }

    private String page(String id, PortalLogins.PortalAdmin admin, Model model, HttpServletResponse response,
            String typed, String error) {
        Application app = own(id, admin);
        if (app == null) {
            return notFound(admin, model, response);
        }
        model.addAttribute("admin", admin);
        model.addAttribute("app", app);
        model.addAttribute("view", ApplicationView.of(app));
        model.addAttribute("typed", typed == null ? "" : typed);
        model.addAttribute("uriError", error);
        return "portal/application";
    }

    private Application own(String id, PortalLogins.PortalAdmin admin) {
        return tenancy.application(id).filter(app -> app.tenantId().equals(admin.tenantId())).orElse(null);
    }

    private static String notFound(PortalLogins.PortalAdmin admin, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("admin", admin);
        return "portal/not-found";
    }

    /** "redirect_uris must …" as the rest of a sentence about one URI. */
    private static String reason(InvalidSettingException e) {
        String message = e.getMessage();
        return message.startsWith("redirect_uris ") ? message.substring("redirect_uris ".length())
                .replaceFirst("^must be absolute URIs", "must be an absolute URI") : message;
    }
}
