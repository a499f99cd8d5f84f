package dev.verity.shared;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The settings every feature shares, with their defaults; a feature's own settings are a record beside it
 * ({@code verity.mail.*}, {@code verity.sms.*}, {@code verity.delivery.*} in {@code delivery}, {@code verity.token.*} in {@code token}, {@code verity.import} in {@code tenancy}). Each has an
 * environment form through Spring's relaxed binding ({@code verity.url} is {@code VERITY_URL}).
 *
 * @param home   data directory of the embedded default (H2 file, generated server key)
 * @param url    public base URL; links are built from it, never from a request's Host header
 * @param secret server key for keyed hashes and sealed secrets; generated into {@code home} when absent
 */
@ConfigurationProperties("verity")
public record VerityProperties(
        @DefaultValue("./data") Path home,
        @DefaultValue("http://localhost:8080") URI url,
        String secret,
        @DefaultValue("64KB") DataSize maxRequestBody) {

    /** The issuer of Verity's tokens: the public base URL without a trailing slash. */
    public String issuer() {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
