package dev.verity.delivery.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import javax.net.SocketFactory;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * Open SMTP sessions to the relay, reused for many messages: a message then costs its own commands (MAIL,
 * RCPT, DATA) and not a TCP connection, a greeting, EHLO, STARTTLS and AUTH each. One session serves one
 * dispatcher worker at a time, so there are at most as many as workers. A session idle for longer than
 * {@code idleLimit} or that has carried {@code messagesPerSession} messages is closed instead of reused
 * (relays drop idle sessions after a few minutes and some cap messages per session). Sockets are opened
 * with {@code TCP_NODELAY}: SMTP is request and reply, and Nagle's algorithm would hold the end of each
 * message until the relay's delayed ACK (about 40 ms a message).
 */
final class SmtpConnections implements AutoCloseable {

    private final JavaMailSenderImpl mail;
    private final Duration idleLimit;
    private final int messagesPerSession;
    private final Deque<Session> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * jakarta.mail looks its stream provider up through {@link java.util.ServiceLoader} for every body part it
     * builds or writes (a scan of the classpath each time: half of the dispatcher's CPU in the benchmark);
     * named by this system property it is instantiated directly instead.
     */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    SmtpConnections(JavaMailSenderImpl mail, Duration idleLimit, int messagesPerSession) {
        System.getProperties().putIfAbsent(STREAM_PROVIDER, MailStreamProvider.class.getName());
        this.mail = mail;
        this.idleLimit = idleLimit;
        this.messagesPerSession = messagesPerSession;
        // an instance, not a class name: Angus Mail takes a SocketFactory object from the session's properties.
        // Plain SMTP only (STARTTLS then wraps the socket as usual); SMTPS keeps its own SSL socket factory.
        boolean sslOnConnect = "smtps".equals(mail.getProtocol())
                || Boolean.parseBoolean(mail.getJavaMailProperties().getProperty("mail.smtp.ssl.enable"));
        if (!sslOnConnect && !mail.getJavaMailProperties().containsKey("mail.smtp.socketFactory")
                && !mail.getJavaMailProperties().containsKey("mail.smtp.socketFactory.class")) {
            mail.getJavaMailProperties().put("mail.smtp.socketFactory", new NoDelaySockets());
        }
    }

    /**
     * Sends on an open session, or a new one. A failure of a session that had been idle (the relay may have
     * dropped it) is tried once more on a new session; the message keeps its Message-ID, so a relay that had
     * in fact taken it sees a duplicate it can recognise.
     */
    void send(MimeMessage message) throws MessagingException {
        Session session = take();
        try {
            session.send(message);
        } catch (MessagingException e) {
            session.close();
            if (!session.reused || relayAnswered(e)) {
                throw e;
            }
            session = open();
            try {
                session.send(message);
            } catch (MessagingException again) {
                session.close();
                throw again;
            }
        }
        give(session);
    }

    /**
     * Whether the relay itself refused (a 4xx or 5xx reply): that is the dispatcher's to retry with backoff.
     * Anything else on a reused session (no reply, end of stream, a reset) means the session was gone.
     */
    private static boolean relayAnswered(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            int code = t instanceof SMTPSendFailedException sent ? sent.getReturnCode()
                    : t instanceof SMTPAddressFailedException address ? address.getReturnCode()
                    : t instanceof SMTPSenderFailedException sender ? sender.getReturnCode() : -1;
            if (code >= 400) {
                return true;
            }
            if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t.getCause()
                    && relayAnswered(m.getNextException())) {
                return true;
            }
        }
        return false;
    }

    private Session take() throws MessagingException {
        for (Session session = idle.pollFirst(); session != null; session = idle.pollFirst()) {
            if (System.nanoTime() - session.lastUsedNanos < idleLimit.toNanos()) {
                session.reused = true;
                return session;
            }
            session.close();
        }
        return open();
    }

    private Session open() throws MessagingException {
        Transport transport = mail.getSession().getTransport(mail.getProtocol() == null ? "smtp" : mail.getProtocol());
        transport.connect(mail.getHost(), mail.getPort(), mail.getUsername(), mail.getPassword());
        return new Session(transport);
    }

    private void give(Session session) {
        if (closed || session.sent >= messagesPerSession) {
            session.close();
        } else {
            session.lastUsedNanos = System.nanoTime();
            idle.offerFirst(session);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Session session = idle.pollFirst(); session != null; session = idle.pollFirst()) {
            session.close();
        }
    }

    private static final class Session {
        private final Transport transport;
        private long lastUsedNanos = System.nanoTime();
        private int sent;
        private boolean reused;

        Session(Transport transport) {
            this.transport = transport;
        }

        void send(MimeMessage message) throws MessagingException {
            transport.sendMessage(message, message.getAllRecipients());
            sent++;
        }

        void close() {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the session is discarded either way
            }
        }
    }

    /** Plain sockets with Nagle's algorithm off; STARTTLS wraps them as usual. */
    private static final class NoDelaySockets extends SocketFactory {
        private final SocketFactory plain = SocketFactory.getDefault();

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }
    }
}
