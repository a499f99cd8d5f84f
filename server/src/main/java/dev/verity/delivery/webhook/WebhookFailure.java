package dev.verity.delivery.webhook;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;

import dev.verity.delivery.OutboundGuard;
import dev.verity.delivery.OutboundUrlRefusedException;

/**
 * Why a webhook attempt got no HTTP status, as the delivery log and {@code last_error} record it. Only these
 * fixed words are stored: an exception's text can quote the receiver ({@code Invalid status line: "220 … ESMTP"}),
 * and a log that shows what a port answered makes the webhook a port scanner for every tenant admin.
 */
public enum WebhookFailure {
    /** The URL or an address its host resolved to is not allowed ({@link OutboundGuard}). */
    REFUSED_BY_POLICY("refused_by_policy"),
    DNS_FAILED("dns_failed"),
    CONNECT_FAILED("connect_failed"),
    TIMEOUT("timeout"),
    TLS_FAILED("tls_failed"),
    /** Something answered, but not with an HTTP response (another protocol, garbage, or closed early). */
    INVALID_RESPONSE("invalid_response"),
    /** The connection broke in another way (reset while sending, for one). */
    CONNECTION_FAILED("connection_failed");

    private final String code;

    WebhookFailure(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The class of a failed attempt; the most specific cause in the chain wins, a policy refusal above all. */
    public static WebhookFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutboundGuard.NonPublicAddressException || t instanceof OutboundUrlRefusedException) {
                return REFUSED_BY_POLICY;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return DNS_FAILED;
            }
            if (t instanceof SSLException) {
                return TLS_FAILED;
            }
            if (t instanceof InterruptedIOException) {
                return TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException) {
                return CONNECT_FAILED;
            }
            if (t instanceof HttpException || t instanceof NoHttpResponseException
                    || t instanceof ConnectionClosedException || t instanceof MessageConstraintException
                    || t instanceof MalformedChunkCodingException) {
                return INVALID_RESPONSE;
            }
        }
        return CONNECTION_FAILED;
    }
}
