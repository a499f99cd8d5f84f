package dev.verity.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import dev.verity.testing.BothDatabases;

/**
 * Email magic links end to end, black-box against a real SMTP server: exact redirect URI matching
 * (SECURITY.md rule 14), a landing page that GET and HEAD never consume and a nonce-bound POST that does
 * (rule 15), the 303 back to the application with {@code result}, the update_primary rules on the profile,
 * exactly one winner among parallel confirmations, and the admin API that edits the redirect URI list.
 */
@BothDatabases
class EmailLinkJourneyTests extends MagicLinkSupport {

    private static final Pattern TOKEN_LINK =
            Pattern.compile("^http://localhost:\\d+/verify/email/([0-9a-f-]{36})\\.([A-Za-z0-9_-]{43})$");

    @DynamicPropertySource
    static void servedHere(DynamicPropertyRegistry registry) {
        servedAtMailedUrl(registry);
    }

    @Autowired
    JdbcClient jdbc;

    // --- sending: redirect_uri must be on the list, exactly ---

    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/verified/",
            "https://APP.example.com/verified",
            "https://app.example.com/Verified",
            "HTTPS://app.example.com/verified",
            "https://app.example.com:443/verified",
            "http://app.example.com/verified",
            "https://app.example.com/verified?x=1",
            "https://app.example.com/verified?",
            "https://app.example.com/cb?tenant=acme&next=https://evil.example",
            "https://app.example.com/cb?tenant=acme2",
            "https://app.example.com/cb",
            "https://app.example.com/verified#fragment",
            "https://app.example.com/verified/../../evil",
            "https://app.example.com/verified%2F..%2Fevil",
            "https://app.example.com.evil.example/verified",
            "https://app.example.com@evil.example/verified",
            "https://evil.example@app.example.com/verified",
            "https://app.example.com/verified@evil.example",
            "http://user@localhost/done",
            "http://localhost.evil.example/done",
            "http://localhost/done/",
            "https://localhost/done",
            "http://localhost:99999/done",
            "javascript:alert(1)",
            "javascript:alert(1)//https://app.example.com/verified",
            "JavaScript://app.example.com/verified%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            " https://app.example.com/verified"})
    void sendWhenRedirectUriIsNotExactlyListedThen400AndNoMail(String redirectUri) {
        String email = uniqueEmail("redir");
        String token = userToken(createUser(email));

        Response refused = sendLink(token, email, redirectUri, false);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo(NOT_ALLOWED);
        // the refused send queued nothing: the next accepted one is the only mail the address gets
        String link = sendAndReceiveLink(token, email, VERIFIED, false);
        assertThat(mailTo(email)).hasSize(1);
        assertThat(link).matches(TOKEN_LINK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/done", "http://localhost:53682/done", "http://localhost:80/done"})
    void sendWhenLoopbackRedirectUriDiffersOnlyInPortThenAccepted(String redirectUri) {
        String email = uniqueEmail("loopback");
        String token = userToken(createUser(email));

        String link = sendAndReceiveLink(token, email, redirectUri, false);

        Response confirmed = openAndConfirm(link);
        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo(redirectUri + "?result=true");
    }

    @Test
    void sendWhenAddressAlreadyVerifiedThen409ForItsOwnerAndForOthers() {
        String email = uniqueEmail("taken");
        String token = userToken(createUser(email));
        verifyByLink(token, email, false);

        Response again = sendLink(token, email, VERIFIED, false);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("{\"message\":\"Email is already verified in the tenant\",\"error_code\":409}");

        String otherToken = userToken(createUser(uniqueEmail("latecomer")));
        Response other = sendLink(otherToken, email, VERIFIED, false);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body()).isEqualTo("{\"message\":\"Email is already verified in the tenant\",\"error_code\":409}");
        assertThat(mailTo(email)).hasSize(1);
    }

    @Test
    void mailedLinkIsAnUnguessableTokenOnVerityUrlInBothParts() throws Exception {
        String email = uniqueEmail("mail");
        String token = userToken(createUser(email));

        String link = sendAndReceiveLink(token, email, VERIFIED, false);

        MimeMessage mail = mailTo(email).get(0);
        assertThat(mail.getSubject()).isEqualTo("Confirm your email address for Demo App");
        assertThat(link).startsWith("http://localhost:" + port + "/verify/email/");
        // <challenge id>.<256 random bits>: far beyond the contract's 128 bits
        assertThat(link).matches(TOKEN_LINK);
        assertThat(textPart(mail)).contains("15 minutes");
    }

    // --- the landing page: GET and HEAD never consume ---

    @Test
    void getTwiceAndHeadLeaveAddressUnverifiedThenPostVerifies() {
        String email = uniqueEmail("scanner");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, VERIFIED, false);

        Response first = open(link);
        Response second = open(link);
        Response head = head(link);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains(email).contains("id=\"confirm\"");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains(email);
        assertThat(head.status()).isEqualTo(200);
        assertThat(me(token).at("/email/value").asString()).isEqualTo(email);
        assertThat(me(token).at("/email/email_verified").asBoolean()).isFalse();

        // any nonce a page gave out works: the first page's, after later views
        Response confirmed = confirm(link, nonceIn(first));

        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo(VERIFIED + "?result=true");
        JsonNode user = me(token);
        assertThat(user.at("/email/value").asString()).isEqualTo(email);
        assertThat(user.at("/email/email_verified").asBoolean()).isTrue();
        assertThat(user.at("/email/verified_at").asString()).isNotBlank();
    }

    @Test
    void confirmRedirectsToExactUriKeepingItsQueryThenSecondConfirmGivesFalse() {
        String email = uniqueEmail("query");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, WITH_QUERY, false);
        String nonce = nonceIn(open(link));

        Response confirmed = confirm(link, nonce);
        Response again = confirm(link, nonce);
        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo("https://app.example.com/cb?tenant=acme&result=true");
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("Location")).isEqualTo("https://app.example.com/cb?tenant=acme&result=false");
        assertThat(me(token).at("/email/email_verified").asBoolean()).isTrue();
    }

    @Test
    void usedLinkPageSaysItCanNoLongerBeUsedAndOffersTheWayBack() {
        String email = uniqueEmail("used");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, WITH_QUERY, false);
        assertThat(openAndConfirm(link).header("Location")).endsWith("result=true");

        Response page = open(link);

        assertThat(page.body()).contains(INVALID_PAGE_TITLE);
        assertThat(hasConfirmForm(page)).isFalse();
        assertThat(page.body()).contains("href=\"https://app.example.com/cb?tenant=acme&amp;result=false\"");
    }

    @Test
    void confirmWhenLinkExpiredThenResultFalseAndPageSaysItCanNoLongerBeUsed() {
        String email = uniqueEmail("expired");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, VERIFIED, false);
        String nonce = nonceIn(open(link));

        clock.advance(Duration.ofMinutes(16));
        Response confirmed = confirm(link, nonce);
        Response page = open(link);

        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo(VERIFIED + "?result=false");
        assertThat(page.body()).contains(INVALID_PAGE_TITLE);
        assertThat(hasConfirmForm(page)).isFalse();
        assertThat(me(token).at("/email/email_verified").asBoolean()).isFalse();
    }

    @Test
    void confirmWhenLinkSupersededByNewerMailThenOldGivesFalseAndNewVerifies() {
        String email = uniqueEmail("resend");
        String token = userToken(createUser(email));
        String older = sendAndReceiveLink(token, email, VERIFIED, false);
        String olderNonce = nonceIn(open(older));
        String newer = sendAndReceiveLink(token, email, WITH_QUERY, false);

        Response old = confirm(older, olderNonce);
        assertThat(old.status()).isEqualTo(303);
        assertThat(old.header("Location")).isEqualTo(VERIFIED + "?result=false");
        assertThat(me(token).at("/email/email_verified").asBoolean()).isFalse();

        Response current = openAndConfirm(newer);
        assertThat(current.header("Location")).isEqualTo(WITH_QUERY + "&result=true");
        assertThat(me(token).at("/email/email_verified").asBoolean()).isTrue();
    }

    @Test
    void confirmWithoutOrWithForgedNonceThen400PageAndLinkStillWorks() {
        String email = uniqueEmail("nonce");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, VERIFIED, false);
        String genuine = nonceIn(open(link));
        // a genuine nonce, but of another link's page
        String otherEmail = uniqueEmail("nonce-other");
        String otherLink = sendAndReceiveLink(userToken(createUser(otherEmail)), otherEmail, VERIFIED, false);
        String foreign = nonceIn(open(otherLink));
        String random = genuine.substring(0, genuine.indexOf('.'));
        String mac = genuine.substring(genuine.indexOf('.') + 1);

        List<String> forged = new ArrayList<>();
        forged.add(null);
        forged.add("");
        forged.add("x.y");
        forged.add(foreign);
        forged.add(random);
        forged.add(random + ".");
        forged.add("." + mac);
        forged.add(random + "." + flipLast(mac));
        forged.add(flipLast(random) + "." + mac);
        forged.add(random + "." + mac.toUpperCase());
        forged.add(genuine + "x".repeat(300));
        for (String nonce : forged) {
            Response refused = confirm(link, nonce);
            assertThat(refused.status()).as("nonce %s", nonce).isEqualTo(400);
            assertThat(refused.header("Location")).as("nonce %s", nonce).isNull();
            assertThat(refused.header("Content-Type")).startsWith("text/html");
            assertThat(refused.body()).doesNotContain("app.example.com");
            // the person is told to confirm again, not that the (still good) link is dead
            assertThat(refused.body()).contains("Please confirm again").doesNotContain("no longer be used")
                    .contains("href=\"/verify/email/");
        }
        assertThat(me(token).at("/email/email_verified").asBoolean()).isFalse();

        Response confirmed = confirm(link, genuine);
        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo(VERIFIED + "?result=true");
        assertThat(me(token).at("/email/email_verified").asBoolean()).isTrue();
    }

    private static String flipLast(String s) {
        char last = s.charAt(s.length() - 1);
        return s.substring(0, s.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    @Test
    void unknownOrTamperedTokenThen404PageForGetAndPost() {
        String email = uniqueEmail("tamper");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, VERIFIED, false);
        Matcher parts = TOKEN_LINK.matcher(link);
        assertThat(parts.matches()).isTrue();
        String base = link.substring(0, link.indexOf("/verify/email/") + "/verify/email/".length());
        String nonce = nonceIn(open(link));

        List<String> unknown = List.of(
                base + UUID.randomUUID() + "." + parts.group(2),
                base + parts.group(1) + "." + flipLast(parts.group(2)),
                base + parts.group(1) + "." + parts.group(2).substring(0, 42),
                base + parts.group(1),
                base + parts.group(1) + ".",
                base + "not-a-token");
        for (String bad : unknown) {
            Response page = open(bad);
            assertThat(page.status()).as(bad).isEqualTo(404);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains(INVALID_PAGE_TITLE);
            assertThat(hasConfirmForm(page)).isFalse();
            assertThat(page.body()).doesNotContain("app.example.com").doesNotContain(email);
            Response post = confirm(bad, nonce);
            assertThat(post.status()).as(bad).isEqualTo(404);
            assertThat(post.header("Location")).isNull();
        }
        assertThat(me(token).at("/email/email_verified").asBoolean()).isFalse();
        assertThat(openAndConfirm(link).header("Location")).isEqualTo(VERIFIED + "?result=true");
    }

    @Test
    void landingPageIsScriptFreeUncacheableUnframeableAndLeaksNoReferrer() {
        String email = uniqueEmail("headers");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, VERIFIED, false);

        Response page = open(link);
        Response unknown = open(link.substring(0, link.length() - 3) + "abc");

        for (Response r : List.of(page, unknown)) {
            assertThat(r.header("Content-Type")).startsWith("text/html");
            assertThat(r.raw().headers().allValues("Referrer-Policy")).containsExactly("no-referrer");
            assertThat(r.header("Cache-Control")).contains("no-store");
            assertThat(r.raw().headers().allValues("X-Frame-Options")).containsExactly("DENY");
            List<String> csps = r.raw().headers().allValues("Content-Security-Policy");
            assertThat(csps).hasSize(1);
            Map<String, String> csp = directives(csps.get(0));
            assertThat(csps.get(0)).doesNotContain("'unsafe-inline'").doesNotContain("'unsafe-eval'");
            String scripts = csp.getOrDefault("script-src", csp.get("default-src"));
            assertThat(scripts).as("script-src (or default-src) of %s", csps.get(0)).isNotNull();
            assertThat(scripts).doesNotContain("*").doesNotContain("data:").doesNotContain("'unsafe-hashes'")
                    .doesNotContain("'strict-dynamic'");
            assertThat(csp.get("frame-ancestors")).isEqualTo("'none'");
            assertThat(r.body().toLowerCase()).doesNotContain("<script");
            assertThat(r.body().toLowerCase()).doesNotContainPattern("\\son[a-z]+\\s*=");
            // no third-party assets: every src/href on the page is this server's
            assertThat(Pattern.compile("\\b(?:src|href)=\"([^\"]*)\"").matcher(r.body()).results()
                    .map(m -> m.group(1)).filter(u -> !u.startsWith("/") || u.startsWith("//")).toList())
                    .isEmpty();
        }
        assertThat(page.status()).isEqualTo(200);
        assertThat(unknown.status()).isEqualTo(404);
    }

    private static Map<String, String> directives(String csp) {
        return java.util.Arrays.stream(csp.split(";")).map(String::trim).filter(d -> !d.isEmpty())
                .collect(Collectors.toMap(d -> d.split("\\s+", 2)[0].toLowerCase(),
                        d -> d.contains(" ") ? d.split("\\s+", 2)[1] : "", (a, b) -> a));
    }

    @Test
    void landingGetRecordsViewEventAndConfirmationsAreRecorded() {
        String email = uniqueEmail("events");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, VERIFIED, false);
        Matcher parts = TOKEN_LINK.matcher(link);
        assertThat(parts.matches()).isTrue();
        String challengeId = parts.group(1);
        assertThat(eventKinds(challengeId)).isEmpty();

        Response page = open(link);

        assertThat(eventKinds(challengeId)).containsExactly("link_viewed");
        assertThat(jdbc.sql("SELECT detail FROM challenge_events WHERE challenge_id = ? AND kind = 'link_viewed'")
                .param(challengeId).query(String.class).single()).isEqualTo("LinkTest/1.0");
        assertThat(jdbc.sql("SELECT tenant_id FROM challenge_events WHERE challenge_id = ?")
                .param(challengeId).query(String.class).single()).isEqualTo("acme");

        confirm(link, nonceIn(page));
        confirm(link, nonceIn(page));

        assertThat(eventKinds(challengeId)).containsExactlyInAnyOrder("link_viewed", "link_confirmed", "link_refused");
    }

    private List<String> eventKinds(String challengeId) {
        return jdbc.sql("SELECT kind FROM challenge_events WHERE challenge_id = ?").param(challengeId)
                .query(String.class).list();
    }

    // --- what a confirmation does to the profile (update_primary) ---

    @Test
    void confirmWhenNoVerifiedPrimaryThenAddressBecomesPrimaryAndOldStaysUnverifiedSecondary() {
        String original = uniqueEmail("original");
        String other = uniqueEmail("other");
        String token = userToken(createUser(original));

        verifyByLink(token, other, false);

        JsonNode user = me(token);
        assertThat(user.at("/email/value").asString()).isEqualTo(other);
        assertThat(user.at("/email/email_verified").asBoolean()).isTrue();
        assertThat(user.at("/secondary_emails")).hasSize(1);
        assertThat(user.at("/secondary_emails/0/value").asString()).isEqualTo(original);
        assertThat(user.at("/secondary_emails/0/email_verified").asBoolean()).isFalse();
    }

    @Test
    void confirmWhenVerifiedPrimaryThenSecondaryUnlessUpdatePrimaryWhichKeepsOldAsSecondary() {
        String first = uniqueEmail("first");
        String second = uniqueEmail("second");
        String third = uniqueEmail("third");
        String token = userToken(createUser(first));
        verifyByLink(token, first, false);

        verifyByLink(token, second, false);
        JsonNode user = me(token);
        assertThat(user.at("/email/value").asString()).isEqualTo(first);
        assertThat(user.at("/email/email_verified").asBoolean()).isTrue();
        assertThat(user.at("/secondary_emails")).hasSize(1);
        assertThat(user.at("/secondary_emails/0/value").asString()).isEqualTo(second);
        assertThat(user.at("/secondary_emails/0/email_verified").asBoolean()).isTrue();

        verifyByLink(token, third, true);
        user = me(token);
        assertThat(user.at("/email/value").asString()).isEqualTo(third);
        assertThat(user.at("/email/email_verified").asBoolean()).isTrue();
        assertThat(user.at("/secondary_emails").valueStream()
                .map(n -> n.at("/value").asString() + "=" + n.at("/email_verified").asBoolean()))
                .containsExactlyInAnyOrder(first + "=true", second + "=true");
    }

    // --- concurrency: one link, many confirmations, one winner ---

    @Test
    void parallelConfirmsOfOneLinkThenExactlyOneSucceeds() throws Exception {
        String email = uniqueEmail("race");
        String token = userToken(createUser(email));
        String link = sendAndReceiveLink(token, email, WITH_QUERY, false);
        String nonce = nonceIn(open(link));
        int threads = 16;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Response>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return confirm(link, nonce);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            List<String> locations = new ArrayList<>();
            for (Future<Response> result : results) {
                Response response = result.get(60, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.body()).isEqualTo(303);
                locations.add(response.header("Location"));
            }
            assertThat(locations).filteredOn(l -> l.equals(WITH_QUERY + "&result=true")).hasSize(1);
            assertThat(locations).filteredOn(l -> l.equals(WITH_QUERY + "&result=false")).hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(me(token).at("/email/email_verified").asBoolean()).isTrue();
        Matcher parts = TOKEN_LINK.matcher(link);
        assertThat(parts.matches()).isTrue();
        assertThat(eventKinds(parts.group(1))).filteredOn("link_confirmed"::equals).hasSize(1);
    }

    // --- admin: the redirect URI list ---

    @Test
    void patchRedirectUrisWhenClientIsNotAdminThen403ProblemAndListUnchanged() {
        String notAdmin = clientToken(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET);

        Response response = patchJson("/admin/api/applications/demo", notAdmin,
                "{\"redirect_uris\":[\"https://evil.example/steal\"]}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(403);
        assertThat(response.json().get("type").asString()).isEqualTo("https://verity.dev/problems/admin-role-required");
        assertThat(response.body()).doesNotContain("evil.example");
        assertThat(listedRedirectUris()).containsExactlyInAnyOrderElementsOf(REDIRECT_URIS);
        String email = uniqueEmail("steal");
        assertThat(sendLink(userToken(createUser(email)), email, "https://evil.example/steal", false).body())
                .isEqualTo(NOT_ALLOWED);
    }

    @Test
    void patchRedirectUrisByAdminReplacesTheListThatSendsAreCheckedAgainst() {
        String added = "https://app.example.com/welcome?from=mail";

        Response response = patchJson("/admin/api/applications/demo", clientToken(),
                "{\"redirect_uris\":[\"" + WITH_QUERY + "\",\"" + added + "\"]}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("id").asString()).isEqualTo("demo");
        assertThat(response.json().get("redirect_uris").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(WITH_QUERY, added);
        assertThat(listedRedirectUris()).containsExactlyInAnyOrder(WITH_QUERY, added);

        String email = uniqueEmail("admin");
        String token = userToken(createUser(email));
        assertThat(sendLink(token, email, VERIFIED, false).body()).as("removed from the list").isEqualTo(NOT_ALLOWED);
        String link = sendAndReceiveLink(token, email, added, false);
        assertThat(openAndConfirm(link).header("Location")).isEqualTo(added + "&result=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://app.example.com/verified",
            "http://10.0.0.1/verified",
            "javascript:alert(1)",
            "data:text/html,hi",
            "https://app.example.com/verified#frag",
            "https://user:pass@app.example.com/verified",
            "/relative/path"})
    void patchRedirectUrisWhenNotRegistrableThen400AndNothingChanges(String bad) {
        Response response = patchJson("/admin/api/applications/demo", clientToken(),
                "{\"name\":\"Renamed\",\"redirect_uris\":[\"" + VERIFIED + "\"," + JSON.writeValueAsString(bad) + "]}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("https://verity.dev/problems/invalid-input");
        assertThat(response.json().get("detail").asString()).startsWith("redirect_uris");
        Response app = get("/admin/api/applications/demo", clientToken());
        assertThat(app.json().get("name").asString()).isEqualTo("Demo App");
        assertThat(listedRedirectUris()).containsExactlyInAnyOrderElementsOf(REDIRECT_URIS);
    }

    private List<String> listedRedirectUris() {
        Response app = get("/admin/api/applications/demo", clientToken());
        assertThat(app.status()).as(app.body()).isEqualTo(200);
        return app.json().get("redirect_uris").valueStream().map(JsonNode::asString).toList();
    }
}
