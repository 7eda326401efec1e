package io.matview.maven;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;

/**
 * The PostgreSQL a build uses when no URL is configured: a throwaway embedded server (zonky's
 * {@link EmbeddedPostgres}, as the CLI uses) started on first use and kept in the plugin context, so that
 * {@code apply}, {@code validate} and {@code test} of one project work on the same database; it stops
 * when Maven's JVM exits. Unlike the CLI's {@code EmbeddedDatabase} it keeps no data directory and never
 * attaches to another process's server: a build must not see what an earlier build left.
 */
final class EmbeddedServer {
    private static final String KEY = EmbeddedServer.class.getName();
    private final EmbeddedPostgres postgres;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static synchronized EmbeddedServer forBuild(Map<Object, Object> pluginContext, Log log) {
        Object existing = pluginContext.get(KEY);
        if (existing instanceof EmbeddedServer server) {
            return server;
        }
        try {
            EmbeddedServer server = new EmbeddedServer(EmbeddedPostgres.builder().start());
            pluginContext.put(KEY, server);
            log.info("matview: no url given; using an embedded PostgreSQL for this build at " + server.url());
            return server;
        } catch (IOException e) {
            throw new MatviewException(ErrorCode.CONFIGURATION, "cannot start the embedded PostgreSQL: " + e.getMessage(), null,
                    "check that the temporary directory is writable, or give the URL of your own server", e);
        }
    }

    String url() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    String user() {
        return "postgres";
    }
}
