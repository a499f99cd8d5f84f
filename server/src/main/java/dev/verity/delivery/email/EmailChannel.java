package dev.verity.delivery.email;

import java.time.Clock;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import dev.verity.delivery.Delivered;
import dev.verity.delivery.DeliveryChannel;
import dev.verity.delivery.DevInbox;
import dev.verity.delivery.EmailRequest;
import dev.verity.delivery.SecretMessage;

/**
 * Email: the queued {@link EmailRequest} is rendered when it is sent (a request never pays for Thymeleaf or
 * SMTP) and goes over SMTP when {@code spring.mail.host} is set (Spring Boot then provides the mail sender),
 * else to the dev inbox.
 */
@Component
class EmailChannel implements DeliveryChannel<EmailRequest>, DisposableBean {

    static final String OTP_TEMPLATE = "otp-email";
    static final String LINK_TEMPLATE = "link-email";

    private final EmailRenderer renderer;
    private final EmailSender sender;

    EmailChannel(EmailRenderer renderer, ObjectProvider<JavaMailSenderImpl> mail, DevInbox inbox,
            MailProperties properties, Clock clock) {
        this.renderer = renderer;
        JavaMailSenderImpl smtp = mail.getIfAvailable();
        this.sender = smtp != null ? new SmtpEmailSender(smtp, properties, clock) : new DevInboxEmailSender(inbox);
    }

    @Override
    public String kind() {
        return "email";
    }

    @Override
    public Class<EmailRequest> payloadType() {
        return EmailRequest.class;
    }

    @Override
    public String recipient(EmailRequest email) {
        return email.to();
    }

    @Override
    public EmailRequest forSecret(String tenantId, SecretMessage message) {
        String template = switch (message.form()) {
            case CODE -> OTP_TEMPLATE;
            case LINK -> LINK_TEMPLATE;
        };
        return new EmailRequest(template, message.language(), message.to(), message.appName(), message.secret(),
                message.ttlMinutes(), message.content());
    }

    @Override
    public Delivered send(QueuedMessage message, EmailRequest email) throws Exception {
        return new Delivered(sender.name(), sender.send(renderer.render(message.tenantId(), email), message.id()));
    }

    /** Closes the open SMTP sessions. */
    @Override
    public void destroy() throws Exception {
        if (sender instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String providers() {
        return sender.name();
    }
}
