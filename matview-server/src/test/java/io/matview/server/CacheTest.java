package io.matview.server;

import static io.matview.server.Eventually.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response cache: keyed by view, generation and the normalized query, so that a refresh made
 * anywhere (another Matview instance, another process, another server) moves every server to the new
 * data. Whether an answer came from the cache is read from the server's own counters in /metrics.
 */
class CacheTest {
    private static final String ROWS = "/api/views/orders_mv/rows";
    private static final String TOKEN = "cache-test-token";

    @TempDir
    Path dir;
    Fixture f;
    MatviewServer server;
    Http http;

    @BeforeEach
    void start() {
        f = Fixture.create(dir);
        server = MatviewServer.start(f.matview, settings());
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ServerSettings settings() {
        return ServerSettings.builder().port(0).scheduler(false).build();
    }

    @Test
    void aRepeatedRequestIsServedFromTheCache() {
        Counters before = counters(http);
        Http.Response first = http.get(ROWS + "?select=id,name&id=lte.5");
        Http.Response second = http.get(ROWS + "?select=id,name&id=lte.5");
        Counters after = counters(http);
        assertThat(after.misses - before.misses).isEqualTo(1);
        assertThat(after.hits - before.hits).isEqualTo(1);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("ETag")).isEqualTo(first.header("ETag")).isPresent();
        assertThat(RowsApiTest.ids(second.json())).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void theCacheAnswersWithoutAskingTheDatabaseUntilTheGenerationMoves() {
        String query = ROWS + "?select=name&id=eq.1";
        assertThat(http.get(query).json().get(0).get("name").asText()).isEqualTo("alpha");
        // refreshed behind Matview's back: no new generation, so the cached answer stands…
        TestDatabase.execute(f.db, "update orders set name = 'behind' where id = 1", "refresh materialized view orders_mv");
        assertThat(http.get(query).json().get(0).get("name").asText()).isEqualTo("alpha");
        // …while a query never asked before reads the database
        assertThat(http.get(query + "&limit=7").json().get(0).get("name").asText()).isEqualTo("behind");
    }

    @Test
    void parameterOrderDoesNotMatterToTheCache() {
        Counters before = counters(http);
        Http.Response a = http.get(ROWS + "?id=gt.3&name=not.is.null&limit=5&select=id,name&order=amount.desc");
        Http.Response b = http.get(ROWS + "?order=amount.desc&select=id,name&limit=5&name=not.is.null&id=gt.3");
        Counters after = counters(http);
        assertThat(after.misses - before.misses).isEqualTo(1);
        assertThat(after.hits - before.hits).isEqualTo(1);
        assertThat(b.body()).isEqualTo(a.body());
        assertThat(b.header("ETag")).isEqualTo(a.header("ETag"));
        // a different answer is a different entry
        Http.Response c = http.get(ROWS + "?id=gt.3&name=not.is.null&limit=5&select=name,id&order=amount.desc");
        assertThat(c.header("ETag")).isNotEqualTo(a.header("ETag"));
        assertThat(counters(http).misses - before.misses).isEqualTo(2);
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagIs304() {
        Http.Response r = http.get(ROWS + "?select=id&limit=3");
        String etag = r.header("ETag").orElseThrow();
        Http.Response notModified = http.get(ROWS + "?select=id&limit=3", "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).hasValue(etag);
        assertThat(http.get(ROWS + "?select=id&limit=3", "If-None-Match", "\"g0-0000000000000000\"").status()).isEqualTo(200);
        // the ETag belongs to the query: another query with the same If-None-Match is answered in full
        assertThat(http.get(ROWS + "?select=id&limit=4", "If-None-Match", etag).status()).isEqualTo(200);
    }

    @Test
    void ifNoneMatchWithAListOfEtagsIs304() {
        String etag = http.get(ROWS + "?select=id&limit=3").header("ETag").orElseThrow();
        assertThat(http.get(ROWS + "?select=id&limit=3", "If-None-Match", "\"g0-0000000000000000\", " + etag).status()).isEqualTo(304);
        assertThat(http.get(ROWS + "?select=id&limit=3", "If-None-Match", "W/" + etag).status()).isEqualTo(304);
        assertThat(http.get(ROWS + "?select=id&limit=3", "If-None-Match", "*").status()).isEqualTo(304);
    }

    @Test
    void jsonAndCsvOfOneQueryAreCachedApart() {
        String query = ROWS + "?select=id,name&id=lte.2";
        Http.Response json = http.get(query);
        Http.Response csv = http.get(query, "Accept", "text/csv");
        Http.Response jsonAgain = http.get(query);
        Http.Response csvAgain = http.get(query + "&format=csv");
        assertThat(json.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(csv.header("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("id,name\r\n1,alpha\r\n2,Beta\r\n");
        assertThat(jsonAgain.body()).isEqualTo(json.body());
        assertThat(jsonAgain.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(csvAgain.body()).isEqualTo(csv.body());
        assertThat(csv.header("ETag")).isNotEqualTo(json.header("ETag"));
    }

    @Test
    void aRefreshByAnotherMatviewInstanceIsSeenAtOnce() throws Exception {
        String query = ROWS + "?select=id,name&id=eq.1";
        Http.Response old = http.get(query);
        long generation = Long.parseLong(old.header("Matview-Generation").orElseThrow());
        assertThat(old.json().get(0).get("name").asText()).isEqualTo("alpha");

        TestDatabase.execute(f.db, "update orders set name = 'renamed' where id = 1");
        // as another process would: its own Matview on its own data source
        Matview other = Matview.configure().dataSource(TestDatabase.dataSource(TestDatabase.databaseName(f.db)))
                .viewsDirectory(f.views).load();
        List<RefreshLogEntry> entries = other.refresh("orders_mv");
        assertThat(entries).allMatch(RefreshLogEntry::ok);
        assertThat(entries.get(0).generation()).isEqualTo(generation + 1);

        Http.Response fresh = poll(() -> http.get(query), r -> generationOf(r) == generation + 1);
        assertThat(generationOf(fresh)).isEqualTo(generation + 1);
        assertThat(fresh.json().get(0).get("name").asText()).isEqualTo("renamed");
        assertThat(fresh.header("ETag")).isNotEqualTo(old.header("ETag"));
        // the old ETag no longer matches
        assertThat(http.get(query, "If-None-Match", old.header("ETag").orElseThrow()).status()).isEqualTo(200);
        assertThat(http.get("/api/views/orders_mv").json().get("generation").asLong()).isEqualTo(generation + 1);
    }

    @Test
    void aRefreshInAnotherProcessIsSeen() throws Exception {
        String query = ROWS + "?select=id,amount&id=eq.2";
        Http.Response old = http.get(query);
        long generation = generationOf(old);
        TestDatabase.execute(f.db, "update orders set amount = 1.23 where id = 2");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = Files.createTempFile(dir, "refresh", ".log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RefreshMain.class.getName(),
                TestDatabase.url(TestDatabase.databaseName(f.db)), "orders_mv")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(out);
        assertThat(ended).as("child ended; output:%n%s", output).isTrue();
        assertThat(p.exitValue()).as("child exit code; output:%n%s", output).isZero();
        assertThat(output).contains("process " + p.pid());

        Http.Response fresh = poll(() -> http.get(query), r -> generationOf(r) == generation + 1);
        assertThat(generationOf(fresh)).isEqualTo(generation + 1);
        assertThat(fresh.json().get(0).get("amount").decimalValue()).isEqualByComparingTo("1.23");
        assertThat(fresh.header("ETag")).isNotEqualTo(old.header("ETag"));
        // the refresh log names the other process
        JsonNode last = http.get("/api/views/orders_mv/history?limit=1").json().get(0);
        assertThat(last.get("pid").asLong()).isEqualTo(p.pid());
        assertThat(last.get("trigger").asText()).isEqualTo("manual");
    }

    @Test
    void twoServersOnOneDatabaseStayCoherent() throws Exception {
        try (MatviewServer a = MatviewServer.start(f.matview, settings().toBuilder().token(TOKEN, false).build())) {
            Http ha = new Http(a);
            Http hb = http;
            String query = ROWS + "?select=id,name&id=in.(1,2)";
            Http.Response oldA = ha.get(query);
            Http.Response oldB = hb.get(query);
            long generation = generationOf(oldA);
            assertThat(generationOf(oldB)).isEqualTo(generation);
            // same generation, same query: the same ETag from either server
            assertThat(oldB.header("ETag")).isEqualTo(oldA.header("ETag"));

            TestDatabase.execute(f.db, "update orders set name = 'both' where id = 2");
            Http.Response refreshed = ha.post("/api/views/orders_mv/refresh", "Authorization", "Bearer " + TOKEN);
            assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
            assertThat(refreshed.json().get(0).get("generation").asLong()).isEqualTo(generation + 1);

            // the server that refreshed answers with the new generation at once
            Http.Response newA = ha.get(query);
            assertThat(generationOf(newA)).isEqualTo(generation + 1);
            assertThat(newA.json().get(1).get("name").asText()).isEqualTo("both");
            // the other hears the notification
            Http.Response newB = poll(() -> hb.get(query), r -> generationOf(r) == generation + 1);
            assertThat(generationOf(newB)).isEqualTo(generation + 1);
            assertThat(newB.body()).isEqualTo(newA.body());
            assertThat(newB.header("ETag")).isEqualTo(newA.header("ETag")).isNotEqualTo(oldA.header("ETag"));
        }
    }

    @Test
    void concurrentIdenticalMissesRunOneQuery() throws Exception {
        long generation = generationOf(http.get(ROWS + "?limit=1"));
        f.matview.refresh("orders_mv");
        poll(() -> http.get(ROWS + "?limit=2"), r -> generationOf(r) == generation + 1);

        int threads = 20;
        String query = ROWS + "?select=id,name,amount&amount=not.is.null&order=amount.desc";
        Counters before = counters(http);
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return http.get(query);
                }));
            }
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> a : answers) {
                responses.add(a.get(30, TimeUnit.SECONDS));
            }
            assertThat(responses).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(responses.get(0).body());
                assertThat(generationOf(r)).isEqualTo(generation + 1);
            });
        } finally {
            pool.shutdownNow();
        }
        Counters after = counters(http);
        assertThat(after.misses - before.misses).as("queries run").isEqualTo(1);
        assertThat(after.hits - before.hits).as("answers from the cache").isEqualTo(threads - 1);
    }

    @Test
    void largeAnswersAreStreamedAndNotCached() {
        Counters before = counters(http);
        assertThat(http.get("/api/views/numbers_mv/rows?limit=2000").json()).hasSize(Fixture.NUMBERS);
        assertThat(http.get("/api/views/numbers_mv/rows?limit=2000").json()).hasSize(Fixture.NUMBERS);
        Counters after = counters(http);
        assertThat(after.misses).isEqualTo(before.misses);
        assertThat(after.hits).isEqualTo(before.hits);
    }

    @Test
    void withTheCacheOffEveryAnswerStillComesRight() {
        try (MatviewServer off = MatviewServer.start(f.matview, settings().toBuilder().cacheBytes(0).build())) {
            Http h = new Http(off);
            for (int i = 0; i < 3; i++) {
                assertThat(RowsApiTest.ids(h.get(ROWS + "?select=id&id=lt.4").json())).containsExactly(1, 2, 3);
            }
            Counters c = counters(h);
            assertThat(c.hits).isZero();
            assertThat(c.misses).isZero();
        }
    }

    // ---------------------------------------------------------------- helpers

    record Counters(long hits, long misses) {
    }

    static Counters counters(Http h) {
        String scrape = h.get("/metrics").body();
        return new Counters(Http.metric(scrape, "matview_cache_hits").orElseThrow().longValue(),
                Http.metric(scrape, "matview_cache_misses").orElseThrow().longValue());
    }

    static long generationOf(Http.Response r) {
        return Long.parseLong(r.header("Matview-Generation").orElse("-1"));
    }
}
