package dev.verity.tenancy;

/** An application or client id is already in use; ids are global, since tokens name them. */
public class IdTakenException extends RuntimeException {

    private final String kind;

    IdTakenException(String kind) {
        super(kind + " id is already taken", null, false, false);
        this.kind = kind;
    }

    /** {@code application} or {@code client}. */
    public String kind() {
        return kind;
    }
}
