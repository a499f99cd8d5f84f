package dev.verity.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.shared.Ids;

/**
 * Users and their contacts. A contact is verified when it has a {@code verified_at}; a verified address
 * belongs to at most one user of a tenant (enforced by a unique index, so two parallel verifications of one
 * address cannot both win).
 */
@Service
public class ProfileService {

    private final UserRepository users;
    private final Clock clock;

    ProfileService(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /**
     * Creates a user whose given addresses are stored as unverified primaries.
     *
     * @throws IdentifierTakenException when another user of the tenant holds one of the addresses
     */
    @Transactional
    public User create(String tenantId, String email, String phone) {
        if ((email != null && users.held(tenantId, ContactKind.EMAIL, email))
                || (phone != null && users.held(tenantId, ContactKind.PHONE, phone))) {
            throw new IdentifierTakenException();
        }
        Instant now = clock.instant();
        String id = Ids.newId();
        users.insertUser(id, tenantId, now);
        if (email != null) {
            users.insertContact(tenantId, id, ContactKind.EMAIL, email, true, null, now);
        }
        if (phone != null) {
            users.insertContact(tenantId, id, ContactKind.PHONE, phone, true, null, now);
        }
        return users.find(tenantId, id).orElseThrow();
    }

    public Optional<User> find(String tenantId, String userId) {
        return users.find(tenantId, userId);
    }

    public Optional<User> findByPrimary(String tenantId, ContactKind kind, String value) {
        return users.userWithPrimary(tenantId, kind, value).flatMap(id -> users.find(tenantId, id));
    }

    /** The tenant's users with their contacts, newest first. */
    public List<User> list(String tenantId, int offset, int limit) {
        return users.userIds(tenantId, offset, limit).stream().map(id -> users.find(tenantId, id))
                .flatMap(Optional::stream).toList();
    }

    /** The tenant's users that have {@code value} (normalized) as a contact of that kind, in any state. */
    public List<User> withContact(String tenantId, ContactKind kind, String value) {
        return users.usersWithContact(tenantId, kind, value).stream().map(id -> users.find(tenantId, id))
                .flatMap(Optional::stream).toList();
    }

    public boolean exists(String tenantId, String userId) {
        return users.exists(tenantId, userId);
    }

    /** Whether the address is a verified contact of any user of the tenant. */
    public boolean isVerifiedInTenant(String tenantId, ContactKind kind, String value) {
        return users.verifiedInTenant(tenantId, kind, value);
    }

    /**
     * Records that the user proved control of {@code value}. Placement follows the contract:
     * with no verified primary yet, or with {@code updatePrimary}, the address becomes the primary and the
     * former primary stays as a secondary (with whatever verification it had); otherwise it is added as
     * a verified secondary. Must run inside the caller's transaction, so that it commits with the
     * consumption of the code that proved it.
     *
     * @throws AddressAlreadyVerifiedException when another user of the tenant verified it first
     */
    @Transactional
    public void markVerified(String tenantId, String userId, ContactKind kind, String value, boolean updatePrimary) {
        Instant now = clock.instant();
        List<Contact> contacts = users.contacts(tenantId, userId).stream().filter(c -> c.kind() == kind).toList();
        Optional<Contact> existing = contacts.stream().filter(c -> c.value().equals(value)).findFirst();
        boolean hasVerifiedPrimary = contacts.stream().anyMatch(c -> c.primary() && c.verified());
        boolean becomesPrimary = existing.map(Contact::primary).orElse(false) || updatePrimary || !hasVerifiedPrimary;
        try {
            if (becomesPrimary && !existing.map(Contact::primary).orElse(false)) {
                users.demotePrimary(tenantId, userId, kind);
            }
            if (existing.isPresent()) {
                users.updateContact(tenantId, userId, kind, value, becomesPrimary, now);
            } else {
                users.insertContact(tenantId, userId, kind, value, becomesPrimary, now, now);
            }
        } catch (DuplicateKeyException e) {
            throw new AddressAlreadyVerifiedException(kind);
        }
        users.touch(tenantId, userId, now);
    }

    /**
     * Removes a secondary address.
     *
     * @throws UserNotFoundException         when the user or the address is unknown
     * @throws ContactNotRemovableException  when the address is the user's primary
     */
    @Transactional
    public void removeSecondary(String tenantId, String userId, ContactKind kind, String value) {
        User user = users.find(tenantId, userId).orElseThrow(UserNotFoundException::new);
        Contact contact = user.contacts().stream().filter(c -> c.kind() == kind && c.value().equals(value))
                .findFirst().orElseThrow(UserNotFoundException::new);
        if (contact.primary()) {
            throw new ContactNotRemovableException();
        }
        users.deleteSecondary(tenantId, userId, kind, value);
        users.touch(tenantId, userId, clock.instant());
    }
}
