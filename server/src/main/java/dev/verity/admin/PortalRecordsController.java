package dev.verity.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.verity.delivery.DevInbox;

/**
 * The portal's read-only pages: the dev inbox as a mailbox (what the embedded default captured instead of
 * sending: codes readable, links clickable) and the audit log.
 */
@Controller
class PortalRecordsController {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
    private static final int PAGE = 50;

    private final DevInbox devInbox;
    private final AuditLog audit;

    PortalRecordsController(DevInbox devInbox, AuditLog audit) {
        this.devInbox = devInbox;
        this.audit = audit;
    }

    /** A piece of a captured message's text: plain, or a link to show as one. */
    record Piece(String text, boolean link) {
    }

    /** A captured message with its text cut into plain pieces and links. */
    record Shown(DevInbox.CapturedMessage message, List<Piece> pieces) {
    }

    @GetMapping("/admin/dev-inbox")
    String devInbox(@AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model) {
        model.addAttribute("admin", admin);
        model.addAttribute("messages", devInbox.latest(admin.tenantId(), PAGE).stream()
                .map(m -> new Shown(m, pieces(m.text()))).toList());
        return "portal/dev-inbox";
    }

    @GetMapping("/admin/audit-log")
    String auditLog(@AuthenticationPrincipal PortalLogins.PortalAdmin admin, Model model) {
        model.addAttribute("admin", admin);
        model.addAttribute("entries", audit.latest(admin.tenantId(), 0, PAGE));
        return "portal/audit-log";
    }

    /** The text with every http(s) URL as a piece of its own, so the page can make it a link (escaped as text). */
    static List<Piece> pieces(String text) {
        List<Piece> pieces = new ArrayList<>();
        if (text == null) {
            return pieces;
        }
        Matcher url = URL.matcher(text);
        int at = 0;
        while (url.find()) {
            if (url.start() > at) {
                pieces.add(new Piece(text.substring(at, url.start()), false));
            }
            pieces.add(new Piece(url.group(), true));
            at = url.end();
        }
        if (at < text.length()) {
            pieces.add(new Piece(text.substring(at), false));
        }
        return pieces;
    }
}
