package dev.verity.protection;

/** SMS to this number is refused: its country is not allowed, its type costs money, or its prefix is blocked. */
public class DestinationNotAllowedException extends RuntimeException {

    public DestinationNotAllowedException() {
        super("destination not allowed", null, false, false);
    }
}
