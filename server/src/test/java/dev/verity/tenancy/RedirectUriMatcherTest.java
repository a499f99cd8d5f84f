package dev.verity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SECURITY.md rule 14: exact redirect URI matching, with only the RFC 8252 loopback-port tolerance. */
class RedirectUriMatcherTest {

    private static final List<String> ALLOWED = List.of(
            "https://app.example.com/verified",
            "https://app.example.com/cb?tenant=acme",
            "http://localhost/callback",
            "http://127.0.0.1:8000/native");

    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/verified",
            "https://app.example.com/cb?tenant=acme",
            "http://localhost/callback",
            "http://localhost:53682/callback",
            "http://127.0.0.1/native",
            "http://127.0.0.1:49152/native"})
    void isAllowedWhenExactOrLoopbackWithAnyPortThenTrue(String requested) {
        assertThat(RedirectUriMatcher.isAllowed(requested, ALLOWED)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/verified/",
            "https://APP.example.com/verified",
            "https://app.example.com/Verified",
            "https://app.example.com/verified?x=1",
            "https://app.example.com/verified#frag",
            "https://app.example.com/verified/../evil",
            "https://app.example.com:443/verified",
            "http://app.example.com/verified",
            "https://app.example.com.evil.com/verified",
            "https://evil.com@app.example.com/verified",
            "https://app.example.com/verified@evil.com",
            "https://app.example.com/cb?tenant=acme&x=1",
            "https://app.example.com/cb",
            "javascript:alert(1)//https://app.example.com/verified",
            "javascript:alert(1)",
            "http://localhost/callback/",
            "http://localhost:8080/other",
            "http://localhost.evil.com/callback",
            "http://user@localhost/callback",
            "https://localhost/callback",
            "http://127.0.0.1:99999/native",
            "http://localhost:80/callback#frag",
            ""})
    void isAllowedWhenNotExactlyListedThenFalse(String requested) {
        assertThat(RedirectUriMatcher.isAllowed(requested, ALLOWED)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void isAllowedWhenNullThenFalse() {
        assertThat(RedirectUriMatcher.isAllowed(null, ALLOWED)).isFalse();
    }
}
