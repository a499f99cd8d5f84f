package dev.verity.tenancy;

import java.nio.file.Path;

/**
 * A set-up file that cannot be applied. The message names the file, the line and the key
 * ({@code applications[0].clients[1].secret}) and says what is wrong, but never repeats the file's text or
 * a value: set-up files hold secrets, and start-up errors end up in logs.
 */
public class SetupFileException extends IllegalStateException {

    private final int line;
    private final String key;

    SetupFileException(Path file, int line, String pointer, String reason) {
        super(message(file, line, key(pointer), reason), null);
        this.line = line;
        this.key = key(pointer);
    }

    /** The 1-based line of the key in the file, or 0 when it is not known. */
    public int line() {
        return line;
    }

    /** The key in dotted form, empty for the file as a whole. */
    public String key() {
        return key;
    }

    private static String message(Path file, int line, String key, String reason) {
        StringBuilder message = new StringBuilder("Set-up file ").append(file);
        if (line > 0) {
            message.append(", line ").append(line);
        }
        if (!key.isEmpty()) {
            message.append(", key ").append(key);
        }
        return message.append(": ").append(reason).toString();
    }

    private static String key(String pointer) {
        StringBuilder key = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                key.append('[').append(name).append(']');
            } else {
                key.append(key.isEmpty() ? "" : ".").append(name);
            }
        }
        return key.toString();
    }
}
