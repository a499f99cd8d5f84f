package dev.verity.verification;

/**
 * The right code, but another check consumed it first. Still a {@link CodeInvalidException}, so a dialect
 * that answers every refusal alike (v1) needs nothing new; a dialect that answers a repeated validation as
 * the validated object (v2) tells the holder of the right code from a guesser by this type. It does not
 * spend the address's failed-check budget: it guesses nothing.
 */
public class CodeAlreadyUsedException extends CodeInvalidException {

    public CodeAlreadyUsedException() {
        super(false);
    }
}
