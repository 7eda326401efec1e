package io.matview.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class's server over its own {@link Fixture}: started once before its tests, stopped after. */
abstract class ServedFixture {
    @TempDir
    static Path dir;
    static Fixture f;
    static MatviewServer server;
    static Http http;

    @BeforeAll
    static void startServer() {
        f = Fixture.create(dir);
        server = MatviewServer.start(f.matview, ServerSettings.builder().port(0).scheduler(false).build());
        http = new Http(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
