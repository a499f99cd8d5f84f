package dev.verity.delivery;

import java.util.Locale;
import java.util.ResourceBundle;

import org.springframework.stereotype.Component;

/**
 * The text of a code SMS: the caller's {@code custom_message} when given, else the localized default
 * ({@code sms/messages*.properties}), with {@code {app}} and {@code {otp}} filled in. Placeholders are
 * replaced literally, never interpreted, so a message cannot inject formatting.
 */
@Component
public class SmsTexts {

    public String render(String language, String customTemplate, String appName, String code) {
        String template = customTemplate != null ? customTemplate : defaultTemplate(language);
        return template.replace("{app}", appName).replace("{otp}", code);
    }

    private static String defaultTemplate(String language) {
        ResourceBundle bundle = ResourceBundle.getBundle("sms/messages", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return bundle.getString("otp-sms");
    }
}
