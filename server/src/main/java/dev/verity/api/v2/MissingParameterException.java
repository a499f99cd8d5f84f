package dev.verity.api.v2;

import java.util.List;

/**
 * Missing or malformed request fields. Verifik answers these with 409 {@code MissingParameter}, listing every
 * problem joined by {@code "\n. "}.
 */
class MissingParameterException extends RuntimeException {

    private final List<String> problems;

    MissingParameterException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    String message() {
        return String.join("\n. ", problems);
    }
}
