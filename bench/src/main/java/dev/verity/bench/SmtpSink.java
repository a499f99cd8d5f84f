package dev.verity.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMTP server of the benchmark, run as a process of its own so that the load generator's threads and
 * garbage collections never stall its replies (GreenMail inside the load generator's JVM answered in
 * hundreds of milliseconds under load). It speaks just enough SMTP for a client that does not pipeline
 * (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps nothing, and prints one line per accepted message
 * to standard output: the epoch milliseconds of its {@code 250}, the recipient and the first six-digit line
 * of the message (the code). With a reply delay it answers each message's end of data that much later,
 * like a relay that takes its time to queue a message.
 *
 * <pre>java -cp verity-bench.jar dev.verity.bench.SmtpSink PORT [REPLY_DELAY_MS]</pre>
 */
public final class SmtpSink {

    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");
    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    /** Wall time of each 250, comparable with the load generator's accept times. */
    private static final Clock WALL = Clock.systemUTC();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
        try (ServerSocket listener = new ServerSocket(port, 200, InetAddress.getLoopbackAddress())) {
            synchronized (OUT) {
                OUT.println("ready");
                OUT.flush();
            }
            while (true) {
                Socket socket = listener.accept();
                Thread thread = new Thread(() -> serve(socket, delayMs), "smtp-sink");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static void serve(Socket socket, long delayMs) {
        try (socket) {
            socket.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 sink ESMTP");
            List<String> recipients = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 SIZE 10485760");
                    case "HELO", "NOOP" -> reply(out, "250 OK");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        int lt = line.indexOf('<');
                        int gt = line.indexOf('>', lt + 1);
                        recipients.add(lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line.substring(8).trim());
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        StringBuilder text = new StringBuilder(4096);
                        for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                            text.append(data).append('\n');
                        }
                        if (delayMs > 0) {
                            Thread.sleep(delayMs);
                        }
                        reply(out, "250 OK queued");
                        Matcher code = CODE.matcher(text);
                        String found = code.find() ? code.group(1) : "-";
                        long now = WALL.millis();
                        synchronized (OUT) {
                            for (String recipient : recipients) {
                                OUT.println(now + " " + recipient + " " + found);
                            }
                            OUT.flush();
                        }
                    }
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 command unknown to this sink");
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
