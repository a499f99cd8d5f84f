package dev.verity.tenancy;

/** The tenant's only portal admin cannot be removed: nobody could log in to its portal any more. */
public class LastAdminException extends RuntimeException {

    LastAdminException() {
        super("the tenant's last portal admin cannot be removed", null, false, false);
    }
}
