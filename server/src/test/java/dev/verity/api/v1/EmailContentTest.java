package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.verity.testing.VerityHarness;

/**
 * {@code email_content} as a recipient sees it: caller texts replace the defaults, every value is escaped,
 * the logo travels as an inline image, the sender name is the From display name, and the mail has both a
 * text and an HTML part.
 */
class EmailContentTest extends VerityHarness {

    // a 1×1 transparent PNG
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    @Test
    void sendWhenEmailContentGivenThenItsTextsReplaceDefaultsEscaped() throws Exception {
        String email = uniqueEmail("content");
        String token = userToken(createUser(email));
        String body = """
                {"email":"%s","email_content":{"subject":"Welcome to <Acme> & co",
                 "primaryColor":"#ff0000","base64logo":"data:image/png;base64,%s",
                 "headerText":"<script>alert('x')</script>Hello","bodyText":"Your code <b>below</b>",
                 "footerText":"Footer & more","senderName":"Acme Support"}}""".formatted(email, PNG);

        Response sent = postJson("/v1/verification/otp/email/send", token, body);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String code = awaitCode(email, 1);
        MimeMessage mail = mailTo(email).get(0);

        assertThat(mail.getSubject()).isEqualTo("Welcome to <Acme> & co");
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Acme Support");
        String html = htmlPart(mail);
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;Hello")
                .doesNotContain("<script>")
                .contains("Your code &lt;b&gt;below&lt;/b&gt;")
                .contains("Footer &amp; more")
                .contains("color:#ff0000")
                .contains("cid:logo")
                .contains(code)
                // the default texts are gone entirely
                .doesNotContain("Confirm your email address")
                .doesNotContain("expires in");
        assertThat(textPart(mail)).contains("<script>alert('x')</script>Hello").contains(code);

        BodyPart logo = findInline((Multipart) mail.getContent());
        assertThat(logo).isNotNull();
        assertThat(logo.getHeader("Content-ID")[0]).isEqualTo("<logo>");
        assertThat(logo.getContentType()).startsWith("image/png");
        assertThat(logo.getInputStream().readAllBytes()).isEqualTo(Base64.getDecoder().decode(PNG));
    }

    @Test
    void sendWhenNoEmailContentThenDefaultTemplateInEnglishWithAppName() throws Exception {
        String email = uniqueEmail("default");
        String token = userToken(createUser(email));
        postJson("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}");
        String code = awaitCode(email, 1);
        MimeMessage mail = mailTo(email).get(0);
        assertThat(mail.getSubject()).isEqualTo("Your Demo App verification code");
        assertThat(textPart(mail)).contains("Confirm your email address").contains("Demo App").contains(code)
                .contains("10 minutes");
        assertThat(htmlPart(mail)).contains("Confirm your email address").doesNotContain("cid:logo");
        assertThat(mail.getHeader("Message-ID")[0]).endsWith("@verity>");
    }

    private static BodyPart findInline(Multipart multipart) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getHeader("Content-ID") != null) {
                return part;
            }
            if (part.getContent() instanceof Multipart nested) {
                BodyPart found = findInline(nested);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
