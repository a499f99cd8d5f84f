package dev.verity.profile;

/** The address is already a verified contact of a user of the tenant (possibly the caller). */
public class AddressAlreadyVerifiedException extends RuntimeException {

    private final ContactKind kind;

    public AddressAlreadyVerifiedException(ContactKind kind) {
        super("address already verified in the tenant", null, false, false);
        this.kind = kind;
    }

    public ContactKind kind() {
        return kind;
    }
}
