package dev.verity.api.v1;

import java.util.List;

/** Field problems found after binding (parsing an address, a rule across fields); answered as a 400. */
class BadRequestException extends RuntimeException {

    private final List<String> problems;

    BadRequestException(String... problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.of(problems);
    }

    List<String> problems() {
        return problems;
    }
}
