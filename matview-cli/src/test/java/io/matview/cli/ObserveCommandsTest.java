package io.matview.cli;

import static io.matview.cli.CommandLineTest.cli;
import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matview status} with its measures and advice, {@code matview drift} and {@code matview explain}. */
class ObserveCommandsTest {
    @TempDir
    Path tmp;
    DataSource db;
    String url;
    Path views;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        url = TestDatabase.url(TestDatabase.databaseName(db));
        execute(db, "create table items (id int primary key, qty int not null)",
                "insert into items select g, g from generate_series(1, 100) g");
        views = tmp.resolve("views");
        ViewFiles files = new ViewFiles(views);
        files.write("keyless.sql", "-- materialized\n-- refresh: every 1 hour\nselect id, 100 / qty as ratio from items");
        files.write("stock.sql", "-- materialized\n-- unique: id\nselect id, qty from items");
        assertThat(db("apply").code()).isZero();
    }

    private CommandLineTest.Result db(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(List.of("--db", url, "--views", views.toString()));
        return cli(all.toArray(String[]::new));
    }

    @Test
    void statusShowsTheFailureStreakAndTheAdviceWithItsFix() {
        execute(db, "update items set qty = 0 where id = 7");
        db("refresh", "keyless");
        db("refresh", "keyless");

        CommandLineTest.Result r = db("status");

        assertThat(r.code()).as(r.err()).isZero();
        String line = r.outLines().stream().filter(l -> l.startsWith("public.keyless ")).findFirst().orElseThrow();
        assertThat(line.split("\\s+")).endsWith("2");
        assertThat(r.out()).contains("advice:")
                .contains("public.keyless [no-unique-index]")
                .contains("fix: declare the columns that identify a row in the view file: -- unique:")
                .doesNotContain("public.stock [no-unique-index]");
    }

    @Test
    void statusAsJsonCarriesTheMeasuresUnderStableNames() throws Exception {
        execute(db, "update items set qty = 0 where id = 7");
        db("refresh", "keyless");
        db("refresh", "keyless");

        CommandLineTest.Result r = db("status", "--json");

        JsonNode keyless = new ObjectMapper().readTree(r.out()).get(0);
        assertThat(keyless.get("name").asText()).isEqualTo("public.keyless");
        assertThat(keyless.at("/refreshes/failureStreak").asLong()).isEqualTo(2);
        assertThat(keyless.at("/refreshes/lastError").asText()).contains("division by zero");
        assertThat(keyless.at("/freshness/secondsUntilNextRefresh").asDouble()).isBetween(0.0, 3600.0);
        assertThat(keyless.at("/sources/0/table").asText()).isEqualTo("public.items");
        assertThat(keyless.at("/advice/0/kind").asText()).isEqualTo("no-unique-index");
    }

    private JsonNode statusOf(String view) throws Exception {
        for (JsonNode v : new ObjectMapper().readTree(db("status", "--json").out())) {
            if (v.get("name").asText().equals(view)) {
                return v;
            }
        }
        throw new AssertionError(view + " not in the status");
    }

    @Test
    void statusAsJsonCountsTheRowsWrittenToASourceSinceTheRefreshAndAPendingChange() throws Exception {
        // the statistics system publishes a backend's counters shortly after it goes idle
        await().atMost(Duration.ofSeconds(15)).until(() -> TestDatabase.queryLong(db,
                "select n_tup_ins from pg_stat_user_tables where relname = 'items'") == 100);
        assertThat(db("refresh", "stock").code()).isZero();
        new ViewFiles(views).write("watched.sql", "-- materialized\n-- unique: id\n-- refresh: on change\nselect id, qty from items");
        assertThat(db("apply").code()).isZero();
        assertThat(statusOf("public.watched").at("/freshness/pendingChange").asBoolean(true)).isFalse();

        execute(db, "insert into items select g, g from generate_series(101, 103) g");

        JsonNode pending = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> statusOf("public.watched"), v -> v.at("/sources/0/changedSinceRefresh").asLong() == 3);
        assertThat(pending.at("/freshness/pendingChange").asBoolean()).isTrue();
        assertThat(statusOf("public.stock").at("/sources/0/changedSinceRefresh").asLong()).isEqualTo(3);
        assertThat(statusOf("public.stock").at("/freshness/pendingChange").isNull()).isTrue();

        assertThat(db("refresh", "watched").code()).isZero();
        JsonNode refreshed = statusOf("public.watched");
        assertThat(refreshed.at("/freshness/pendingChange").asBoolean(true)).isFalse();
        assertThat(refreshed.at("/sources/0/changedSinceRefresh").asLong(-1)).isZero();
    }

    @Test
    void driftSaysHowLongItWillTakeAndCountsTheInsertsSinceTheRefresh() {
        execute(db, "insert into items select g, g from generate_series(101, 104) g");

        CommandLineTest.Result r = db("drift", "stock");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("a full comparison of public.stock (100 rows");
        assertThat(r.out()).contains("public.stock: 0 rows only in the view, 4 rows only in the query (view 100 rows, query 104 rows");
        assertThat(db("drift", "stock", "--mode", "checksum").out()).contains("differs from its query");
        assertThat(db("drift", "stock", "--estimate").out()).contains("takes about");
    }

    @Test
    void statusShowsIncrementalAndRealTimeViewsWithTheirRefreshesSizeAndLiveReads() throws Exception {
        execute(db, "create table orders (id int primary key, created_at timestamptz not null, qty int not null)",
                "insert into orders select g, now() - (g % 10) * interval '1 day', 1 from generate_series(1, 500) g");
        ViewFiles files = new ViewFiles(views);
        String query = "-- refresh: every 1 hour\nselect created_at::date as day, count(*) as n from orders group by 1";
        files.write("daily.sql", "-- incremental: by day from orders.created_at, window 2 days\n" + query);
        files.write("live.sql", "-- incremental: by day from orders.created_at, window 2 days, real-time\n" + query);
        assertThat(db("apply").code()).isZero();
        assertThat(db("refresh", "daily").code()).isZero();

        CommandLineTest.Result r = db("status");
        String daily = r.outLines().stream().filter(l -> l.startsWith("public.daily ")).findFirst().orElseThrow();
        String live = r.outLines().stream().filter(l -> l.startsWith("public.live ")).findFirst().orElseThrow();
        // KIND POPULATED ROWS SIZE VERSION APPLIED STALE NEXT P50 P95 FAILS
        assertThat(daily).matches("public\\.daily +incremental view +yes +\\d+ +\\d+ (bytes|kB) +1 +\\S+ +\\d+s +\\d+m +\\d+ms +\\d+ms +0");
        assertThat(live).matches("public\\.live +real-time view +yes +\\d+ +\\d+ (bytes|kB) +1 +\\S+ +live\\(\\d+s\\) +\\d+m +\\S+ +\\S+ +0");

        JsonNode json = statusOf("public.live");
        assertThat(json.get("kind").asText()).isEqualTo("real-time view");
        assertThat(json.at("/freshness/refreshedAt").isTextual()).isTrue();
        assertThat(json.at("/freshness/secondsUntilNextRefresh").asDouble()).isBetween(0.0, 3600.0);
        assertThat(json.at("/refreshes/failureStreak").asLong()).isZero();
        assertThat(json.at("/sizeBytes").asLong()).isPositive();
        assertThat(json.at("/sources/0/table").asText()).isEqualTo("public.orders");
    }

    @Test
    void driftOfAnUnknownViewOrWithAnUnknownModeIsACleanError() {
        CommandLineTest.Result unknown = db("drift", "nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("error: ").doesNotContain("Exception");
        CommandLineTest.Result mode = db("drift", "stock", "--mode", "roughly");
        assertThat(mode.code()).isNotZero();
        assertThat(mode.err()).contains("use full, sample or checksum");
    }

    @Test
    void explainPrintsThePlanWithActualTimesAndBuffers() {
        CommandLineTest.Result r = db("explain", "stock");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Seq Scan on items").contains("actual time").contains("Buffers").contains("Execution Time");
    }
}
