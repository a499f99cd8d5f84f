package dev.verity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * An SMTP server owned by one test class, on a fixed port chosen when the class is initialised, so that the
 * test can take it down and bring a new one up on the same port while Verity keeps pointing at it. Unlike
 * {@link TestSmtp}, which every other test shares and which must never go down.
 *
 * <p>Use it by registering {@code spring.mail.port} in the test class's {@code @DynamicPropertySource}, which
 * wins over the harness's default, the shared server ({@link TestDatabaseCustomizerFactory}).
 */
public final class PrivateSmtp {

    private final int port = freePort();
    private GreenMail server;

    public int port() {
        return port;
    }

    public synchronized void start() {
        if (server == null) {
            GreenMail started = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            started.start();
            server = started;
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Messages the running server received (a restarted server starts empty). */
    public synchronized List<MimeMessage> received() {
        return server == null ? List.of() : Arrays.asList(server.getReceivedMessages());
    }

    public List<MimeMessage> mailTo(String address) {
        return received().stream().filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /** Waits (up to 30 s) for the n-th message to {@code address} on the running server. */
    public MimeMessage awaitMail(String address, int nth) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(address).size() >= nth);
        return mailTo(address).get(nth - 1);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
