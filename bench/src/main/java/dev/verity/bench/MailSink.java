package dev.verity.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * The SMTP server Verity delivers to (GreenMail, in this JVM). It counts messages for the mail throughput
 * numbers and reads the codes out of them for the validate workloads.
 */
final class MailSink implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");
    private final GreenMail server;

    MailSink(int port) {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    int received() {
        return server.getReceivedMessages().length;
    }

    /** The code of the newest message to each recipient whose address starts with {@code prefix}. */
    Map<String, String> codes(String prefix) throws Exception {
        Map<String, String> codes = new HashMap<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            String to = message.getRecipients(Message.RecipientType.TO)[0].toString();
            if (to.startsWith(prefix)) {
                Matcher m = CODE.matcher(text(message.getContent()));
                if (m.find()) {
                    codes.put(to, m.group(1));
                }
            }
        }
        return codes;
    }

    void purge() throws Exception {
        server.purgeEmailFromAllMailboxes();
    }

    private static String text(Object content) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
                String nested = text(part.getContent());
                if (!nested.isEmpty()) {
                    return nested;
                }
            }
            return "";
        }
        return content instanceof String s ? s : "";
    }

    @Override
    public void close() {
        server.stop();
    }
}
