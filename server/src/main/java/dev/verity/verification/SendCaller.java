package dev.verity.verification;

/**
 * What a caller of {@link VerificationEngine#issue} does inside the send's one transaction: its own refusals
 * before anything is charged, and its own writes once the secret is issued.
 */
public interface SendCaller<T> {

    /** Runs after the destination rules and before the budgets; throw to refuse the send (nothing is charged). */
    default void require() {
    }

    /** Runs last, with what was issued; commits with it. */
    T issued(Issued issued);

    /** A caller with nothing of its own to check or write. */
    static SendCaller<Issued> plain() {
        return issued -> issued;
    }
}
