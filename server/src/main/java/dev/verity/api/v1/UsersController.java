package dev.verity.api.v1;

import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.profile.ContactKind;
import dev.verity.profile.ProfileService;
import dev.verity.profile.User;
import dev.verity.profile.UserNotFoundException;
import dev.verity.shared.EmailAddress;
import dev.verity.shared.PhoneNumbers;
import dev.verity.token.ClientPrincipal;
import dev.verity.token.UserPrincipal;

/**
 * The subset of Transmit's users API that Verity serves: create and read users, remove secondary addresses,
 * and {@code /v1/users/me} for a user token. Every lookup is scoped to the token's tenant.
 */
@RestController
@RequestMapping(path = "/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
class UsersController {

    private final ProfileService profiles;

    UsersController(ProfileService profiles) {
        this.profiles = profiles;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, UserView> create(@Valid @RequestBody CreateUserBody body, ClientPrincipal client) {
        if (body.email() == null && body.phoneNumber() == null) {
            throw new BadRequestException("email or phone_number must be provided");
        }
        String email = body.email() == null ? null : EmailAddress.parse(body.email()).value();
        String phone = body.phoneNumber() == null ? null : phone(body.phoneNumber());
        return result(profiles.create(client.tenantId(), email, phone));
    }

    @GetMapping("/me")
    Map<String, UserView> me(UserPrincipal user) {
        return result(profiles.find(user.tenantId(), user.userId()).orElseThrow(UserNotFoundException::new));
    }

    @GetMapping("/{userId}")
    Map<String, UserView> byId(@PathVariable String userId, ClientPrincipal client) {
        return result(profiles.find(client.tenantId(), userId).orElseThrow(UserNotFoundException::new));
    }

    @GetMapping("/email/{email}")
    Map<String, UserView> byEmail(@PathVariable String email, ClientPrincipal client) {
        return result(profiles.findByPrimary(client.tenantId(), ContactKind.EMAIL, email(email))
                .orElseThrow(UserNotFoundException::new));
    }

    @GetMapping("/phone-number/{phoneNumber}")
    Map<String, UserView> byPhone(@PathVariable String phoneNumber, ClientPrincipal client) {
        return result(profiles.findByPrimary(client.tenantId(), ContactKind.PHONE, phone(phoneNumber))
                .orElseThrow(UserNotFoundException::new));
    }

    @DeleteMapping("/{userId}/emails/{email}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeEmail(@PathVariable String userId, @PathVariable String email, ClientPrincipal client) {
        profiles.removeSecondary(client.tenantId(), userId, ContactKind.EMAIL, email(email));
    }

    @DeleteMapping("/{userId}/phone-numbers/{phoneNumber}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removePhone(@PathVariable String userId, @PathVariable String phoneNumber, ClientPrincipal client) {
        profiles.removeSecondary(client.tenantId(), userId, ContactKind.PHONE, phone(phoneNumber));
    }

    private static Map<String, UserView> result(User user) {
        return Map.of("result", UserView.of(user));
    }

    private static String email(String raw) {
        try {
            return EmailAddress.parse(raw).value();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("email must be an email");
        }
    }

    private static String phone(String raw) {
        try {
            return PhoneNumbers.toE164(raw);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("phone_number must be a valid phone number");
        }
    }
}
