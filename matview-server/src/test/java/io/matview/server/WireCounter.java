package io.matview.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of PostgreSQL that counts the round trips made through it: every exchange of
 * the protocol ends with the server's ReadyForQuery message ({@code Z}), one per simple query or per
 * Sync of the extended protocol, whatever the client batched into it. Connect with {@code sslmode=disable}
 * so that the stream is the plain protocol from its first byte.
 */
final class WireCounter implements AutoCloseable {
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final AtomicLong roundTrips = new AtomicLong();

    WireCounter(String targetHost, int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread accept = new Thread(this::accept, "wire-counter");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** ReadyForQuery messages the server has sent so far, on every connection. */
    long roundTrips() {
        return roundTrips.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                daemon(() -> copy(client.getInputStream(), server.getOutputStream(), client, server));
                daemon(() -> countReplies(server.getInputStream(), client.getOutputStream(), client, server));
            } catch (IOException e) {
                // closed: the test is over
            }
        }
    }

    private interface Relay {
        void run() throws IOException;
    }

    private static void daemon(Relay relay) {
        Thread t = new Thread(() -> {
            try {
                relay.run();
            } catch (IOException e) {
                // one side closed the connection; the other side's relay closes the sockets
            }
        }, "wire-counter-relay");
        t.setDaemon(true);
        t.start();
    }

    private static void copy(InputStream in, OutputStream out, Socket a, Socket b) throws IOException {
        try (a; b) {
            in.transferTo(out);
        }
    }

    /** Relays the server's messages (type byte, length, body) and counts ReadyForQuery among them. */
    private void countReplies(InputStream raw, OutputStream out, Socket a, Socket b) throws IOException {
        try (a; b) {
            DataInputStream in = new DataInputStream(raw);
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                out.write(type);
                out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
                out.write(body);
                out.flush();
                if (type == 'Z') {
                    roundTrips.incrementAndGet();
                }
            }
        } catch (EOFException e) {
            // the server closed the connection
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
