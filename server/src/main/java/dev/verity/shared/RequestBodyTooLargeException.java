package dev.verity.shared;

import java.io.IOException;

/** A request body went past the configured cap; dialects answer 413. */
public class RequestBodyTooLargeException extends IOException {

    public RequestBodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
    }

    /** True when {@code error} or one of its causes is this exception. */
    public static boolean isCauseOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
