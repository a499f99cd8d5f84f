package dev.verity.verification;

/**
 * A paid message to this number is refused (SECURITY.md rule 12): its country is not allowed, its type
 * bills the sender, or its prefix is blocked. The refusal was recorded; nothing was charged.
 */
public class DestinationRefusedException extends RuntimeException {

    DestinationRefusedException() {
        super("destination refused", null, false, false);
    }
}
