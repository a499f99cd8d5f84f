package dev.verity.profile;

/** A magic link's {@code redirect_uri} is not exactly one of the application's allowed redirect URIs. */
public class RedirectUriNotAllowedException extends RuntimeException {

    public RedirectUriNotAllowedException() {
        super("redirect_uri not allowed", null, false, false);
    }
}
