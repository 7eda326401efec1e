package io.matview.cli;

import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.view.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The options every command that talks to the database shares. */
final class DatabaseOptions {
    @Option(names = "--db", paramLabel = "URL", defaultValue = "${env:MATVIEW_DB_URL}",
            description = "Database URL: postgres://USER:PASSWORD@HOST:PORT/DATABASE or jdbc:postgresql://HOST:PORT/DATABASE "
                    + "(default: $MATVIEW_DB_URL, not $DATABASE_URL; else an embedded PostgreSQL with its data in "
                    + ".matview/pgdata). $PGUSER and $PGPASSWORD fill in a user or password the URL lacks.")
    String url;

    @Option(names = "--views", paramLabel = "DIR", defaultValue = "views",
            description = "Directory of view files (default: ${DEFAULT-VALUE}).")
    Path views;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = "public",
            description = "Schema of views whose file name has none (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long apply waits for a lock before it gives up (default: ${DEFAULT-VALUE}).")
    String lockTimeout;

    @Option(names = "--embedded-data", paramLabel = "DIR", defaultValue = ".matview/pgdata",
            description = "Data directory of the embedded PostgreSQL used when no --db is given (default: ${DEFAULT-VALUE}).")
    Path embeddedData;

    @Option(names = "--database", paramLabel = "NAME", defaultValue = "postgres",
            description = "Database on the embedded PostgreSQL (default: ${DEFAULT-VALUE}; the demo uses matview_demo).")
    String database;

    private EmbeddedDatabase embedded;
    private final java.util.List<Matview> opened = new java.util.ArrayList<>();
    private String resolvedUrl;
    private String user;

    /** Connects: to {@code --db} when given, else to the embedded server, which it says in one line. */
    Matview matview(PrintWriter err) {
        return matview(err, null, views);
    }

    /**
     * Connects to {@code databaseName} on the same server instead of the configured database (the
     * demo's own), or to the configured one when {@code null}.
     */
    Matview matview(PrintWriter err, String databaseName, Path viewsDirectory) {
        Matview.Builder builder = Matview.configure()
                .viewsDirectory(viewsDirectory)
                .defaultSchema(schema)
                .lockTimeout(Durations.parse(lockTimeout));
        if (resolvedUrl == null) {
            if (url != null && !url.isBlank()) {
                resolvedUrl = jdbcUrl(url);
                // the URL's own user and password win; PGUSER/PGPASSWORD fill in what it lacks
                user = hasParameter(resolvedUrl, "user") ? null : System.getenv("PGUSER");
            } else {
                embedded = EmbeddedDatabase.startOrAttach(embeddedData);
                resolvedUrl = embedded.url(database);
                user = embedded.user();
                err.println("matview: no --db given; using the embedded PostgreSQL in " + embeddedData
                        + (embedded.started() ? "" : " (already running)") + " at " + embedded.url(database)
                        + (System.getenv("DATABASE_URL") == null ? "" : " (DATABASE_URL is not read; --db \"$DATABASE_URL\" uses it)"));
                err.flush();
            }
        }
        String target = databaseName == null ? resolvedUrl : withDatabase(resolvedUrl, databaseName);
        String password = embedded != null || hasParameter(target, "password") ? null : System.getenv("PGPASSWORD");
        Matview matview = builder.url(target, user, password).load();
        opened.add(matview);
        return matview;
    }

    /** {@code --db} as a JDBC URL, so that the user, password and database can be read and replaced in one form. */
    private static String jdbcUrl(String url) {
        try {
            return Matview.toJdbcUrl(url);
        } catch (MatviewException e) {
            throw new MatviewException(e.code(), e.what(), "--db", e.hint(), e);
        }
    }

    /** Whether the JDBC URL sets {@code name} ({@code sslpassword=} does not set the password). */
    private static boolean hasParameter(String jdbcUrl, String name) {
        return Pattern.compile("[?&]" + name + "=").matcher(jdbcUrl).find();
    }

    /** The JDBC URL with another database name: {@code jdbc:postgresql://h:5432/app?ssl=true} → {@code …/other?ssl=true}. */
    static String withDatabase(String jdbcUrl, String databaseName) {
        return jdbcUrl.replaceFirst("^(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + databaseName);
    }

    /** Whether the database is the embedded one (started here or attached to). */
    boolean embedded() {
        return embedded != null;
    }

    /**
     * Blocks until Ctrl-C or SIGTERM, then stops {@code service} and after it the embedded database
     * (in that order, so that nothing loses its database while it stops).
     */
    void runUntilStopped(AutoCloseable service, PrintWriter err) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
                close();
            } catch (Exception e) {
                err.println("matview: error while stopping: " + e.getMessage());
            } finally {
                err.flush();
                stopped.countDown();
            }
        }, "matview-shutdown"));
        stopped.await();
    }

    /** Closes the connection pools, then stops the embedded server if this process started it. */
    void close() throws Exception {
        opened.forEach(Matview::close);
        opened.clear();
        if (embedded != null) {
            embedded.close();
        }
    }
}
