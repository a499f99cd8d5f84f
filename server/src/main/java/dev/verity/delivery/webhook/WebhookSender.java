package dev.verity.delivery.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import com.standardwebhooks.Webhook;

import dev.verity.delivery.Delivered;
import dev.verity.delivery.OutboundGuard;
import dev.verity.delivery.OutboundUrlRefusedException;
import dev.verity.delivery.PermanentFailureException;
import dev.verity.delivery.ProviderException;
import dev.verity.delivery.WebhookEndpointGone;
import dev.verity.delivery.WebhookLog;
import dev.verity.delivery.WebhookMessage;

/**
 * Delivers webhook events signed with Standard Webhooks headers: {@code webhook-id} (the outbox id, the same
 * on every retry so receivers can de-duplicate), {@code webhook-timestamp} and {@code webhook-signature}
 * ({@code v1,} base64 HMAC-SHA256 of {@code id.timestamp.body}). Any 2xx is success; 410 Gone disables the
 * endpoint; anything else, a redirect included (it is never followed), is retried on the Standard Webhooks
 * schedule. A URL the outbound policy refuses fails at once: retrying cannot change the policy.
 *
 * <p>The endpoint is a tenant's URL, so the connection is pinned to checked addresses: Apache HttpClient asks
 * its {@link DnsResolver} once per new connection and connects to exactly the addresses it returns, and the
 * resolver here is {@link OutboundGuard#resolvePublic}, which refuses the host unless every address is public.
 * A name that rebinds to 127.0.0.1 after the check is never re-resolved; TLS still verifies the certificate
 * and sends SNI for the URL's host name. (The JDK HttpClient cannot be given a resolver on Java 17.) No proxy,
 * no retries, no redirects, no cookies, and bounded response heads.
 *
 * <p>Every attempt goes to the delivery log with the receiver's status code or a {@link WebhookFailure} class,
 * never the receiver's bytes or an exception's text.
 */
@Component
class WebhookSender implements DisposableBean {

    /** The whole exchange, connect to response head; a receiver that trickles bytes cannot hold a worker. */
    private static final long DEADLINE_SECONDS = 15;
    /** A small body with a known length is read so the connection can be reused; any other is cut off. */
    private static final long DRAINED_BODY_LIMIT = 16 * 1024;

    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "verity-webhook-deadline");
        thread.setDaemon(true);
        return thread;
    });
    private final OutboundGuard guard;
    private final WebhookLog attempts;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    WebhookSender(OutboundGuard guard, WebhookLog attempts, Clock clock, ApplicationEventPublisher events) {
        this.guard = guard;
        this.attempts = attempts;
        this.clock = clock;
        this.events = events;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedResolver(guard))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(Timeout.ofSeconds(DEADLINE_SECONDS))
                                .build())
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setMaxLineLength(8192).setMaxHeaderCount(100).build())
                                .build())
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(4)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(DEADLINE_SECONDS))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("Verity-Webhooks/1")
                .build();
    }

    Delivered send(String tenantId, String messageId, WebhookMessage webhook) throws Exception {
        URI endpoint;
        try {
            endpoint = guard.checkedUri("webhook_url", webhook.endpoint());
        } catch (OutboundUrlRefusedException e) {
            throw failed(tenantId, messageId, webhook, WebhookFailure.REFUSED_BY_POLICY);
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpPost request = new HttpPost(endpoint);
        request.setHeader("webhook-id", messageId);
        request.setHeader("webhook-timestamp", Long.toString(timestamp));
        request.setHeader("webhook-signature", new Webhook(webhook.secret()).sign(messageId, timestamp, webhook.body()));
        request.setEntity(new ByteArrayEntity(webhook.body().getBytes(StandardCharsets.UTF_8),
                ContentType.create("application/json")));
        ScheduledFuture<?> deadline = deadlines.schedule(request::cancel, DEADLINE_SECONDS, TimeUnit.SECONDS);
        int status;
        try {
            ClassicHttpResponse response;
            try {
                response = http.executeOpen(null, request, null);
            } catch (Exception e) {
                throw failed(tenantId, messageId, webhook,
                        request.isCancelled() ? WebhookFailure.TIMEOUT : WebhookFailure.of(e));
            }
            status = response.getCode();
            HttpEntity body = response.getEntity();
            if (body != null && (body.getContentLength() < 0 || body.getContentLength() > DRAINED_BODY_LIMIT)) {
                request.cancel();
            }
            closeQuietly(response);
        } finally {
            deadline.cancel(false);
        }
        log(tenantId, messageId, webhook, status, null);
        if (status == 410) {
            events.publishEvent(new WebhookEndpointGone(tenantId, webhook.endpoint()));
            throw new PermanentFailureException("receiver answered 410 Gone; endpoint disabled");
        }
        if (status / 100 != 2) {
            throw new ProviderException("receiver answered " + status);
        }
        return new Delivered("webhook", messageId);
    }

    /** The status is what counts; a body cut off or a connection dropped after it changes nothing. */
    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (java.io.IOException | RuntimeException ignored) {
            // the status is already read, and a receiver's body is never kept
        }
    }

    /** Logs the attempt and returns what the dispatcher records: the class only, final for a policy refusal. */
    private Exception failed(String tenantId, String messageId, WebhookMessage webhook, WebhookFailure failure) {
        log(tenantId, messageId, webhook, null, failure.code());
        return failure == WebhookFailure.REFUSED_BY_POLICY
                ? new PermanentFailureException(failure.code())
                : new ProviderException(failure.code());
    }

    private void log(String tenantId, String messageId, WebhookMessage webhook, Integer status, String failure) {
        attempts.record(tenantId, messageId, webhook.endpoint(), webhook.eventType(), status, failure, clock.instant());
    }

    @Override
    public void destroy() throws Exception {
        deadlines.shutdownNow();
        http.close();
    }

    /** The guard as HttpClient's resolver: one lookup per connection, every address checked, nothing re-resolved. */
    private record CheckedResolver(OutboundGuard guard) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return guard.resolvePublic(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return host;
        }
    }
}
