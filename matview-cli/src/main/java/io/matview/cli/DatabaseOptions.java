package io.matview.cli;

import io.matview.Matview;
import io.matview.view.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that talks to the database shares. */
final class DatabaseOptions {
    @Option(names = "--db", paramLabel = "URL", defaultValue = "${env:MATVIEW_DB_URL}",
            description = "JDBC URL of the database (default: $MATVIEW_DB_URL, else an embedded PostgreSQL "
                    + "with its data in .matview/pgdata). User and password from the URL or $PGUSER/$PGPASSWORD.")
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

    private EmbeddedDatabase embedded;

    /** Connects: to {@code --db} when given, else to the embedded server, which it says in one line. */
    Matview matview(PrintWriter err) {
        Matview.Builder builder = Matview.configure()
                .viewsDirectory(views)
                .defaultSchema(schema)
                .lockTimeout(Durations.parse(lockTimeout));
        if (url != null && !url.isBlank()) {
            return builder.url(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD")).load();
        }
        embedded = EmbeddedDatabase.startOrAttach(embeddedData);
        err.println("matview: no --db given; using the embedded PostgreSQL in " + embeddedData
                + (embedded.started() ? "" : " (already running)") + " at " + embedded.url());
        err.flush();
        return builder.url(embedded.url(), embedded.user(), null).load();
    }

    /** Stops the embedded server if this process started it. */
    void close() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }
}
