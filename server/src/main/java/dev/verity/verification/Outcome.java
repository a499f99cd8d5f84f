package dev.verity.verification;

/**
 * What one of the engine's use cases decided: a value, or the refusal it recorded. The engine never throws a
 * refusal out of its transaction (that would roll back the record of it — the attempt counted, the budget
 * event); it returns it, and the caller throws it with {@link #orThrow()} once the transaction has
 * committed — at once when the engine owned the transaction, after its own commit when the caller opened one
 * around the engine to add its reads and writes.
 */
public final class Outcome<T> {

    private final T value;
    private final RuntimeException refusal;

    private Outcome(T value, RuntimeException refusal) {
        this.value = value;
        this.refusal = refusal;
    }

    static <T> Outcome<T> of(T value) {
        return new Outcome<>(value, null);
    }

    static <T> Outcome<T> refused(RuntimeException refusal) {
        return new Outcome<>(null, refusal);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    /**
     * The value, or the refusal thrown: {@link BudgetSpentException}, {@link DestinationRefusedException},
     * {@link CodeExpiredException}, {@link CodeAlreadyUsedException} or {@link CodeInvalidException}.
     */
    public T orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }
}
