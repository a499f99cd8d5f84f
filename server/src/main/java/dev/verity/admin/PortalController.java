package dev.verity.admin;

import java.time.Duration;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.verity.verification.VerificationLog;

/** The admin portal's pages: log-in and the dashboard. */
@Controller
class PortalController {

    private final VerificationLog log;

    PortalController(VerificationLog log) {
        this.log = log;
    }

    @GetMapping("/admin/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
            @RequestParam(required = false) String logout, Model model) {
        model.addAttribute("failed", error != null);
        model.addAttribute("locked", locked != null);
        model.addAttribute("loggedOut", logout != null);
        model.addAttribute("lockMinutes", PortalLogins.LOCK.toMinutes());
        return "portal/login";
    }

    /** Sends and verifications per channel over the last 24 hours and 7 days, with their conversion rate. */
    @GetMapping({"/admin", "/admin/"})
    String dashboard(@AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model) {
        model.addAttribute("admin", admin);
        model.addAttribute("day", log.counts(admin.tenantId(), Duration.ofHours(24)));
        model.addAttribute("week", log.counts(admin.tenantId(), Duration.ofDays(7)));
        return "portal/dashboard";
    }
}
