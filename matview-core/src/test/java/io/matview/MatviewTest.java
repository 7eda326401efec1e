package io.matview;

import static io.matview.refresh.RefreshTestSupport.createKnob;
import static io.matview.refresh.RefreshTestSupport.refreshesRunning;
import static io.matview.refresh.RefreshTestSupport.setKnob;
import static io.matview.refresh.RefreshTestSupport.slowView;
import static io.matview.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshStatus;
import io.matview.schedule.Scheduler;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point's own duties: its pool and its one refresher per process. */
class MatviewTest {
    @TempDir
    Path dir;
    DataSource db;
    ViewFiles files;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        files = new ViewFiles(dir);
    }

    private static long pools() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("matview") && t.getName().contains("housekeeper")).count();
    }

    @Test
    void theBuilderOpensItsPoolInLoadSoASecondUrlLeaksNothing() {
        String url = TestDatabase.url(TestDatabase.databaseName(db));
        long before = pools();

        Matview.Builder builder = Matview.configure().viewsDirectory(dir)
                .url(url, "postgres", "wrong, but never used")
                .url(url, "postgres", null);
        assertThat(pools()).as("pools open before load()").isEqualTo(before);

        try (Matview matview = builder.load()) {
            assertThat(pools()).isEqualTo(before + 1);
            assertThat(matview.status()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pools() == before);
    }

    @Test
    void aBadUrlFailsInLoadWithPostgresqlsWords() {
        Matview.Builder builder = Matview.configure()
                .url(TestDatabase.url("no_such_database_here"), "postgres", null);
        assertThatThrownBy(builder::load).isInstanceOf(MatviewException.class)
                .hasMessageContaining("no_such_database_here");
    }

    private Matview slowViewApplied(String policy) {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id\n-- refresh: " + policy));
        Matview matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        matview.apply();
        setKnob(db, 30);
        return matview;
    }

    @Test
    void closingTheSchedulerCancelsARefreshStartedDirectly() throws Exception {
        Matview matview = slowViewApplied("manual");
        Scheduler scheduler = matview.scheduler(Scheduler.Settings.builder().grace(Duration.ofMillis(200)).build()).start();
        CompletableFuture<List<RefreshLogEntry>> manual = CompletableFuture.supplyAsync(() -> matview.refresh("slow"));
        await().atMost(Duration.ofSeconds(10)).until(() -> refreshesRunning(db) == 1);

        scheduler.close();

        assertThat(manual.get(10, TimeUnit.SECONDS)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(RefreshStatus.CANCELLED));
        assertThat(refreshesRunning(db)).isZero();
        assertThat(queryLong(db, "select count(*) from slow")).isEqualTo(100);
    }

    @Test
    void closingMatviewCancelsARefreshItsSchedulerStarted() {
        Matview matview = slowViewApplied("every 1 second");
        try (Scheduler scheduler = matview.scheduler(Scheduler.Settings.builder().tick(Duration.ofMillis(200))
                .grace(Duration.ofSeconds(60)).build()).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> refreshesRunning(db) == 1);

            matview.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> refreshesRunning(db) == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> !matview.refreshHistory("slow", 1).isEmpty());
            assertThat(matview.refreshHistory("slow", 10)).singleElement()
                    .satisfies(e -> assertThat(e.status()).isEqualTo(RefreshStatus.CANCELLED));
        }
    }
}
