package dev.verity.profile;

/** No user with that id (or address) in the caller's tenant. */
public class UserNotFoundException extends RuntimeException {

    public UserNotFoundException() {
        super("user not found", null, false, false);
    }
}
