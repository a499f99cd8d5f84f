package dev.verity.api.v1;

/** A magic link's {@code redirect_uri} is not exactly one of the application's allowed redirect URIs. */
public class RedirectUriNotAllowedException extends RuntimeException {

    public RedirectUriNotAllowedException() {
        super("redirect_uri not allowed", null, false, false);
    }
}
