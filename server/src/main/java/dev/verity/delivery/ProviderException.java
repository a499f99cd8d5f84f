package dev.verity.delivery;

import java.util.ArrayList;
import java.util.List;

/** A provider refused or failed a message; the text is safe to record (no message body, no credentials). */
public class ProviderException extends Exception {

    public ProviderException(String message) {
        super(message, null, false, false);
    }

    /** A failure as recorded: exception types and messages, at most three deep, never a message body. */
    public static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 3; t = t.getCause()) {
            parts.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        String text = String.join(" <- ", parts).replaceAll("[\\r\\n]+", " ");
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
