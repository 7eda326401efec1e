package io.matview.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class's server over its own {@link Fixture}, started once before its tests and stopped after.
 * The fields belong to the test instance, one per class: no two classes share a server or a database,
 * so each class runs alone, in any order, or beside the others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServedFixture {
    Path dir;
    Fixture f;
    MatviewServer server;
    Http http;

    @BeforeAll
    void startServer(@TempDir Path dir) {
        this.dir = dir;
        f = Fixture.create(dir);
        server = MatviewServer.start(f.matview, settings().build());
        http = new Http(server);
    }

    /** The server's settings: any free port, no scheduler; a class that tests a setting adds it. */
    ServerSettings.Builder settings() {
        return ServerSettings.builder().port(0).scheduler(false);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
