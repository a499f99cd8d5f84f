package dev.verity.admin;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.profile.ContactKind;
import dev.verity.profile.ContactNotRemovableException;
import dev.verity.profile.ProfileService;
import dev.verity.profile.User;
import dev.verity.profile.UserNotFoundException;
import dev.verity.shared.EmailAddress;
import dev.verity.shared.PhoneNumbers;
import dev.verity.token.ClientPrincipal;

/**
 * The tenant's users and their contacts: newest first, or found by an email address or phone number they hold
 * (primary or not, verified or not); a secondary contact can be removed.
 */
@RestController
@RequestMapping(path = "/admin/api/users", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminUsersController {

    private final ProfileService profiles;
    private final AuditLog audit;

    AdminUsersController(ProfileService profiles, AuditLog audit) {
        this.profiles = profiles;
        this.audit = audit;
    }

    record ContactView(String kind, String value, boolean primary, @JsonProperty("verified_at") Instant verifiedAt) {
    }

    record UserView(String id, String status, @JsonProperty("created_at") Instant createdAt, List<ContactView> contacts) {

        static UserView of(User user) {
            return new UserView(user.id(), user.status().wireName(), user.createdAt(), user.contacts().stream()
                    .map(c -> new ContactView(c.kind() == ContactKind.EMAIL ? "email" : "phone", c.value(), c.primary(),
                            c.verifiedAt()))
                    .toList());
        }
    }

    @GetMapping
    List<UserView> users(ClientPrincipal caller, @RequestParam(required = false) String email,
            @RequestParam(required = false) String phone, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        AdminController.requireAdmin(caller);
        List<User> found;
        if (email != null) {
            found = profiles.withContact(caller.tenantId(), ContactKind.EMAIL, normalize(email));
        } else if (phone != null) {
            found = profiles.withContact(caller.tenantId(), ContactKind.PHONE, normalize(phone));
        } else {
            found = profiles.list(caller.tenantId(), AdminController.offset(offset),
                    AdminController.limit(limit));
        }
        return found.stream().map(UserView::of).toList();
    }

    /** Removes a secondary email address or phone number of the user; a primary one stays (409). */
    @DeleteMapping("/{id}/contacts/{value}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeContact(@PathVariable String id, @PathVariable String value, ClientPrincipal caller) {
        AdminController.requireAdmin(caller);
        String contact = normalize(value);
        ContactKind kind = contact.contains("@") ? ContactKind.EMAIL : ContactKind.PHONE;
        try {
            audit.record(caller.tenantId(), AdminController.actor(caller), "contact.remove", "user:" + id,
                    kind == ContactKind.EMAIL ? "email" : "phone", () -> {
                        profiles.removeSecondary(caller.tenantId(), id, kind, contact);
                        return null;
                    });
        } catch (UserNotFoundException e) {
            throw new AdminController.NotFoundException();
        } catch (ContactNotRemovableException e) {
            throw new AdminController.ConflictException("primary-contact",
                    "A primary contact cannot be removed; the user keeps one of each kind it has.");
        }
    }

    /** An email address or a phone number in Verity's stored form. */
    private static String normalize(String raw) {
        try {
            return raw.contains("@") ? EmailAddress.parse(raw).value() : PhoneNumbers.toE164(raw);
        } catch (IllegalArgumentException e) {
            throw new AdminController.InvalidInputException(raw.contains("@") ? "email must be an email address"
                    : "phone must be a phone number in E.164 form");
        }
    }
}
