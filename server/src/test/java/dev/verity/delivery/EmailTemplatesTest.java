package dev.verity.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.verity.delivery.email.EmailRenderer;
import dev.verity.delivery.email.RenderedEmail;

/**
 * Every mail template in every language Verity offers renders its default texts as a person should read
 * them: no MessageFormat quoting left over ({@code wasn''t}), no unresolved message key.
 */
class EmailTemplatesTest {

    private static final PathMatchingResourcePatternResolver RESOURCES = new PathMatchingResourcePatternResolver();

    static List<String> templates() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Resource resource : RESOURCES.getResources("classpath*:templates/mail/*.html")) {
            names.add(resource.getFilename().replace(".html", ""));
        }
        return List.copyOf(names);
    }

    @Test
    void templatesAreFound() throws Exception {
        assertThat(templates()).contains("otp-email", "link-email");
    }

    @TestFactory
    List<DynamicTest> renderWhenDefaultTextsThenNoDoubledApostropheAndNoMissingKey() throws Exception {
        EmailRenderer renderer = new EmailRenderer();
        List<DynamicTest> tests = new ArrayList<>();
        for (String template : templates()) {
            for (String language : MessageLanguages.SUPPORTED) {
                tests.add(DynamicTest.dynamicTest(template + " in " + language, () -> {
                    RenderedEmail email = renderer.render("acme", new EmailRequest(template, language,
                            "ada@example.com", "Ada's App", "123456", 10, null));
                    for (String part : List.of(email.subject(), email.text(), email.html())) {
                        assertThat(part).doesNotContain("''").doesNotContain("&#39;&#39;").doesNotContain("??");
                    }
                    if (language.equals("en")) {
                        assertThat(email.text()).contains("If it wasn't you");
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void everyOfferedLanguageHasMailAndSmsTextsAndNoOtherLanguageHas() throws Exception {
        for (String bundle : List.of("mail/messages", "sms/messages")) {
            Set<String> present = new TreeSet<>(List.of("en"));
            for (Resource resource : RESOURCES.getResources("classpath*:" + bundle + "_*.properties")) {
                present.add(resource.getFilename().replaceAll("^messages_|\\.properties$", ""));
            }
            assertThat(present).as(bundle).containsExactlyInAnyOrderElementsOf(MessageLanguages.SUPPORTED);
            Set<String> englishKeys = ResourceBundle.getBundle(bundle, Locale.ROOT).keySet();
            for (String language : MessageLanguages.SUPPORTED) {
                ResourceBundle texts = ResourceBundle.getBundle(bundle, Locale.forLanguageTag(language),
                        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
                assertThat(texts.keySet()).as(bundle + " " + language).containsAll(englishKeys);
            }
        }
        assertThat(Arrays.asList(Locale.getISOLanguages())).containsAll(MessageLanguages.SUPPORTED);
    }
}
