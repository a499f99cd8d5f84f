package dev.verity.delivery;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.verity.shared.VerityProperties;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    /** SMTP when {@code spring.mail.host} is set (Spring Boot then provides the mail sender), else the dev inbox. */
    @Bean
    EmailSender emailSender(ObjectProvider<JavaMailSenderImpl> mail, DevInbox inbox, VerityProperties properties) {
        JavaMailSenderImpl sender = mail.getIfAvailable();
        return sender != null ? new SmtpEmailSender(sender, properties.mail().from()) : new DevInboxEmailSender(inbox);
    }
}
