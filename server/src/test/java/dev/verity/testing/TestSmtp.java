package dev.verity.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) shared by the test JVM, on a free port. Tests use unique addresses, so
 * they can share it.
 */
public final class TestSmtp {

    private static GreenMail server;

    private TestSmtp() {
    }

    public static synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            server.start();
        }
        return server;
    }

    public static int port() {
        return server().getSmtp().getPort();
    }
}
