package dev.verity.shared;

import java.util.UUID;

/** Identifiers for rows Verity creates: random (type 4) UUIDs, unguessable and collision-free. */
public final class Ids {

    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
