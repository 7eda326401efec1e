package io.matview.cli;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL the CLI uses when no database is configured: an embedded server whose data stays
 * in {@code .matview/pgdata} under the working directory. A second {@code matview} process on the
 * same directory attaches to the server the first one started instead of starting another.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final int port;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Attaches to the server running on {@code dataDirectory}, or starts one. */
    static EmbeddedDatabase startOrAttach(Path dataDirectory) {
        Optional<Integer> running = runningPort(dataDirectory);
        if (running.isPresent()) {
            return new EmbeddedDatabase(null, running.get());
        }
        try {
            Files.createDirectories(dataDirectory);
            int port = freePort();
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // stopped by the command itself, after what runs on it has stopped
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedDatabase(server, port);
        } catch (IOException e) {
            throw new MatviewException(ErrorCode.CONFIGURATION, "cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(),
                    null, "check that the directory is writable, or use your own server with --db URL", e);
        }
    }

    /** The port of a live postmaster on {@code dataDirectory}, from its {@code postmaster.pid}. */
    private static Optional<Integer> runningPort(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(Integer.parseInt(lines.get(3).strip()));
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    String user() {
        return "postgres";
    }

    /** Whether this process started the server (and stops it on close) or attached to another's. */
    boolean started() {
        return server != null;
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null && !closed) {
            closed = true;
            server.close();
        }
    }
}
