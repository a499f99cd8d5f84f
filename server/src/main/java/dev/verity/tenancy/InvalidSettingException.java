package dev.verity.tenancy;

/**
 * A setting of an application or flow that Verity refuses, from the set-up file or the admin API alike.
 * {@link #key()} is the setting's name as both write it ({@code sms_countries}, {@code otp.length}); the
 * message is written for the operator and never quotes a secret.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    public InvalidSettingException(String key, String reason) {
        super(key + " " + reason);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
