package dev.verity.delivery.email;

import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import dev.verity.delivery.EmailContent;
import dev.verity.delivery.EmailRequest;
import dev.verity.delivery.InlineLogo;

/**
 * Renders emails with Thymeleaf: {@code templates/mail/<name>.html} and {@code .txt}, texts from
 * {@code mail/messages*.properties} in the message's language. Values are inserted with {@code th:text}
 * (escaped); nothing a caller sends is ever rendered as markup.
 */
@Component
public class EmailRenderer {

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final MessageSource messages;

    public EmailRenderer() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("mail/messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        // every text goes through MessageFormat, so a quote is written '' whether or not the text has arguments
        source.setAlwaysUseMessageFormat(true);
        this.messages = source;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
        engine.setTemplateEngineMessageSource(source);
    }

    public RenderedEmail render(String tenantId, EmailRequest request) {
        Locale locale = Locale.forLanguageTag(request.language());
        EmailContent content = request.content();
        InlineLogo logo = content == null || blank(content.base64logo()) ? null : InlineLogo.parse(content.base64logo());
        Context context = new Context(locale, Map.of(
                "code", request.secret(),
                "appName", request.appName(),
                "ttlMinutes", request.ttlMinutes(),
                "custom", content != null,
                "content", content == null ? new EmailContent(null, null, null, null, null, null, null, null, null) : content,
                "primaryColor", content == null || blank(content.primaryColor()) ? "#3b5bdb" : content.primaryColor(),
                "hasLogo", logo != null));
        String html = engine.process(request.template() + ".html", context);
        String text = engine.process(request.template() + ".txt", context);
        String subject = content != null
                ? content.subject()
                : messages.getMessage(request.template() + ".subject", new Object[] {request.appName()}, locale);
        String fromName = content != null && !blank(content.senderName()) ? content.senderName() : request.appName();
        return new RenderedEmail(tenantId, request.to(), fromName, subject, html, text, logo);
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        resolver.setCheckExistence(true);
        resolver.setOrder(order);
        resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
        return resolver;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
