package dev.verity.verification;

/**
 * What a caller of {@link VerificationEngine#check} does inside the check's one transaction. Every callback
 * commits with the check; the engine reports the outcome to the caller afterwards by returning or throwing.
 */
public interface CheckCaller {

    /** The secret verified; runs in the consuming transaction. If it throws, the code stays unconsumed. */
    void verified();

    /** The check was refused and that was recorded (a wrong code counted, an expired or dead code). */
    default void refused(Refusal refusal) {
    }

    /** Why a check that reached a code did not verify. */
    enum Refusal {
        /** Wrong or superseded; an attempt was spent. */
        WRONG,
        /** This check spent the last attempt, or the code was already dead. */
        EXHAUSTED,
        /** The pending code's lifetime is over. */
        EXPIRED
    }
}
