package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's worker threads are a fixed pool. Reads that wait on the database (here: on a lock the test
 * holds, as a slow query or a slow client would hold them) may take only part of it: health checks,
 * metrics and cached answers are still answered while they wait, and a read beyond that part is turned
 * away at once with a 503 to retry, instead of queueing behind them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowReadsTest {
    private static final int THREADS = 12;
    /** Three times the pool: without a bound, these alone would keep every thread busy for many seconds. */
    private static final int SLOW_READS = 3 * THREADS;

    private Fixture f;
    private MatviewServer server;
    private Http http;

    @BeforeAll
    void start(@TempDir Path dir) {
        f = Fixture.create(dir);
        server = MatviewServer.start(f.matview, ServerSettings.builder().port(0).scheduler(false).threads(THREADS).build());
        http = new Http(server);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthMetricsAndCachedAnswersAreServedWhileReadsWaitOnTheDatabase() throws Exception {
        Http.Response cachedBefore = http.get("/api/views/numbers_mv/rows?limit=5");
        assertThat(cachedBefore.status()).as(cachedBefore.toString()).isEqualTo(200);
        ExecutorService clients = Executors.newFixedThreadPool(SLOW_READS);
        try (Connection lock = f.db.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                // orders_plain reads orders: every read of it now waits until this transaction ends
                s.execute("lock table orders in access exclusive mode");
            }
            List<CompletableFuture<Http.Response>> reads = new ArrayList<>();
            for (int i = 0; i < SLOW_READS; i++) {
                reads.add(CompletableFuture.supplyAsync(() -> http.within(Duration.ofSeconds(60)).get("/api/views/orders_plain/rows"), clients));
            }
            // settled: every read is either waiting on the lock or has been turned away
            Eventually.poll(() -> waitingOnTheLock() + (int) reads.stream().filter(CompletableFuture::isDone).count(),
                    n -> n == SLOW_READS);
            int waiting = waitingOnTheLock();
            assertThat(waiting).as("reads admitted to the database").isBetween(1, THREADS - ReadSlots.KEPT_THREADS);

            Http quick = http.within(Duration.ofSeconds(10));
            Http.Response health = quick.get("/health");
            assertThat(health.status()).as(health.toString()).isEqualTo(200);
            assertThat(health.json().get("database").asText()).as("the reads hold the read pool, not the health check's connection")
                    .isEqualTo("up");
            Http.Response cached = quick.get("/api/views/numbers_mv/rows?limit=5");
            assertThat(cached.status()).as(cached.toString()).isEqualTo(200);
            assertThat(cached.body()).isEqualTo(cachedBefore.body());
            assertThat(quick.get("/metrics").status()).isEqualTo(200);
            assertThat(waitingOnTheLock()).as("the slow reads are still waiting").isEqualTo(waiting);

            List<Http.Response> turnedAway = reads.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
            assertThat(turnedAway).hasSize(SLOW_READS - waiting).allSatisfy(r -> {
                assertThat(r.status()).as(r.toString()).isEqualTo(503);
                assertThat(r.header("Retry-After")).contains("1");
                assertThat(r.json().get("error").asText()).contains("the server is busy");
            });

            lock.rollback();
            List<Http.Response> admitted = reads.stream().map(CompletableFuture::join).filter(r -> r.status() != 503).toList();
            assertThat(admitted).hasSize(waiting).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        } finally {
            clients.shutdownNow();
        }
        Http.Response after = http.get("/api/views/orders_plain/rows");
        assertThat(after.status()).as("the slots are given back: " + after).isEqualTo(200);
    }

    @Test
    void tooFewThreadsAreRefusedWithTheMinimum() {
        assertThatThrownBy(() -> ServerSettings.builder().threads(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads is 3")
                .hasMessageContaining("at least " + ServerSettings.MIN_THREADS);
    }

    private int waitingOnTheLock() {
        try (Connection c = f.db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%orders_plain%'")) {
            r.next();
            return r.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
