package io.matview.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL server of one test class's own, for settings only a server start can make: registered as a
 * static {@code @RegisterExtension} field, it starts before the class's first test and stops after its last.
 */
public final class OwnServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settings;
    private EmbeddedPostgres server;

    private OwnServer(Map<String, String> settings) {
        this.settings = settings;
    }

    /** A server that loads {@code pg_stat_statements} (both PostgreSQL builds the tests run on ship it). */
    public static OwnServer withPgStatStatements() {
        return new OwnServer(Map.of("shared_preload_libraries", "pg_stat_statements"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestDatabase.start(settings);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
    }

    /** Its {@code postgres} database, as the {@code postgres} user. */
    public DataSource dataSource() {
        return server.getPostgresDatabase();
    }

    public String url() {
        return server.getJdbcUrl("postgres", "postgres");
    }
}
