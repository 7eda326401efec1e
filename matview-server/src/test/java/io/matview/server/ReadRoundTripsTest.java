package io.matview.server;

import static io.matview.server.Eventually.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a read costs the database, counted on the wire between the server and PostgreSQL: an uncached
 * read of one page is one round trip (no transaction, no SET), and a cached answer is none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadRoundTripsTest {
    private static final int REQUESTS = 15;
    private WireCounter wire;
    private Matview matview;
    private MatviewServer uncached;
    private MatviewServer cached;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Fixture f = Fixture.create(dir);
        wire = new WireCounter("localhost", TestDatabase.server().getPort());
        PGSimpleDataSource proxied = new PGSimpleDataSource();
        proxied.setURL("jdbc:postgresql://localhost:" + wire.port() + "/" + TestDatabase.databaseName(f.db) + "?sslmode=disable");
        proxied.setUser("postgres");
        matview = Matview.configure().dataSource(proxied).viewsDirectory(f.views).load();
        uncached = MatviewServer.start(matview, ServerSettings.builder().port(0).scheduler(false).cacheBytes(0).build());
        cached = MatviewServer.start(matview, ServerSettings.builder().port(0).scheduler(false).build());
        // with notifications arriving, no request asks the database for the generation
        poll(() -> uncached.listening() && cached.listening(), ok -> ok);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {uncached, cached, matview, wire}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void anUncachedPageIsOneRoundTrip() {
        Http http = new Http(uncached);
        for (String format : List.of("json", "csv")) {
            List<Long> perRequest = roundTrips(http, i -> "/api/views/orders_mv/rows?id=gt." + i + "&limit=5&format=" + format);
            assertThat(median(perRequest)).as("round trips per %s request %s", format, perRequest).isEqualTo(1);
        }
    }

    @Test
    void aPlainViewPageIsOneRoundTripToo() {
        List<Long> perRequest = roundTrips(new Http(uncached), i -> "/api/views/orders_plain/rows?id=lte." + i);
        assertThat(median(perRequest)).as("round trips per request %s", perRequest).isEqualTo(1);
    }

    @Test
    void aCachedAnswerIsNoRoundTrip() {
        Http http = new Http(cached);
        assertThat(http.get("/api/views/orders_mv/rows?limit=3").status()).isEqualTo(200);
        List<Long> perRequest = roundTrips(http, i -> "/api/views/orders_mv/rows?limit=3");
        assertThat(median(perRequest)).as("round trips per cached request %s", perRequest).isZero();
    }

    /**
     * Round trips of each request, after a warm-up that opens the pool's connections. The median, not
     * the sum: the pool may check an idle connection or open one now and then, which is not the read's cost.
     */
    private List<Long> roundTrips(Http http, java.util.function.IntFunction<String> path) {
        for (int i = 0; i < 3; i++) {
            assertThat(http.get(path.apply(i)).status()).isEqualTo(200);
        }
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            long before = wire.roundTrips();
            Http.Response r = http.get(path.apply(i));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            counts.add(wire.roundTrips() - before);
        }
        return counts;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
