package dev.verity.token;

/**
 * The request carries no usable access token of the kind the endpoint needs. Deliberately says nothing
 * about why (expired, forged, wrong kind): each dialect answers with its generic 401.
 */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException() {
        super("invalid token", null, false, false);
    }
}
