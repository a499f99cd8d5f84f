package dev.verity.token;

/**
 * For endpoints open to anonymous callers in some cases (a public v2 flow): the client, when the request
 * carries a token, which must then be a valid client token; {@code client} is null without a token.
 */
public record OptionalClient(ClientPrincipal client) {

    public boolean present() {
        return client != null;
    }
}
