package dev.verity.delivery.whatsapp;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * WhatsApp providers ({@code verity.whatsapp.*}), tried in this order until one accepts a message.
 *
 * @param providers any of {@code twilio}, {@code dev}
 */
@Validated
@ConfigurationProperties("verity.whatsapp")
record WhatsAppProperties(@DefaultValue("dev") @NotEmpty List<String> providers, @DefaultValue Twilio twilio) {

    /**
     * Twilio's Messages API for WhatsApp. {@code sid}, {@code token} and {@code url} default to the
     * {@code verity.sms.twilio.*} values (one Twilio account usually sends both).
     *
     * @param from       the WhatsApp sender, {@code whatsapp:+14155238886} (the prefix may be left out)
     * @param contentSid an approved content template whose variable {@code 1} is the code; absent = a
     *                   {@code Body} with the SMS text
     */
    record Twilio(String sid, String token, String url, String from, String contentSid) {
    }
}
