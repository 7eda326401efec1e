package io.matview.server;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.Matview;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freshness and cost over HTTP: {@code /api/status}, a view's status, the drift estimate and check,
 * and the measures in {@code /metrics}. Each test that changes data has a table and view of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObserveApiTest {
    private static final String TOKEN = "observe-secret";
    DataSource db;
    Matview matview;
    MatviewServer server;
    Http http;

    @BeforeAll
    void start(@TempDir Path dir) {
        db = TestDatabase.fresh();
        execute(db, "create table items (id int primary key, qty int not null)",
                "insert into items select g, g from generate_series(1, 100) g",
                "create table moves (id int primary key, qty int not null)",
                "insert into moves select g, g from generate_series(1, 100) g",
                "create table divisors (id int primary key, d int not null)", "insert into divisors values (1, 1)",
                "create table orders (id int primary key, qty int not null)",
                "create table sales (id int primary key, sold_at timestamptz not null)",
                "insert into sales select g, now() - (g % 10) * interval '1 day' from generate_series(1, 200) g");
        ViewFiles files = new ViewFiles(dir);
        files.write("keyless.sql", "-- materialized\nselect id, qty from items");
        files.write("stock.sql", "-- materialized\n-- unique: id\nselect id, qty from items");
        files.write("moved.sql", "-- materialized\n-- unique: id\nselect id, qty from moves");
        files.write("fragile.sql", "-- materialized\n-- unique: id\nselect id, 10 / d as x from divisors");
        files.write("live_items.sql", "select id from items");
        String byDay = "-- refresh: every 1 hour\nselect sold_at::date as day, count(*) as n from sales group by 1";
        files.write("sales_daily.sql", "-- incremental: by day from sales.sold_at, window 2 days\n" + byDay);
        files.write("sales_live.sql", "-- incremental: by day from sales.sold_at, window 2 days, real-time\n" + byDay);
        files.write("watched.sql", "-- materialized\n-- unique: id\n-- refresh: on change\nselect id, qty from orders");
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        matview.apply();
        server = MatviewServer.start(matview, ServerSettings.builder().port(0).scheduler(false).token(TOKEN, false).build());
        http = new Http(server);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        matview.close();
    }

    private static List<String> adviceKinds(JsonNode status) {
        List<String> kinds = new ArrayList<>();
        status.get("advice").forEach(a -> kinds.add(a.get("kind").asText()));
        return kinds;
    }

    @Test
    void statusListsEveryViewWithItsMeasuresAndAdvice() {
        Http.Response r = http.get("/api/status");

        assertThat(r.status()).isEqualTo(200);
        JsonNode all = r.json();
        List<String> names = new ArrayList<>();
        all.forEach(v -> names.add(v.get("name").asText()));
        assertThat(names).containsExactly("public.fragile", "public.keyless", "public.live_items", "public.moved",
                "public.sales_daily", "public.sales_live", "public.stock", "public.watched");
        JsonNode keyless = all.get(1);
        assertThat(keyless.get("kind").asText()).isEqualTo("materialized view");
        assertThat(adviceKinds(keyless)).contains("no-unique-index");
        assertThat(keyless.at("/advice/0/fix").asText()).contains("-- unique:");
        assertThat(keyless.at("/freshness/stalenessSeconds").isNumber()).isTrue();
        assertThat(keyless.at("/sources/0/table").asText()).isEqualTo("public.items");
        assertThat(adviceKinds(all.get(6))).doesNotContain("no-unique-index");
        assertThat(all.get(2).get("refreshes").isNull()).isTrue();
    }

    @Test
    void aViewThatFailedTwiceShowsAStreakOfTwoInItsStatusAndInTheMetrics() {
        execute(db, "update divisors set d = 0");
        String auth = "Bearer " + TOKEN;
        assertThat(http.post("/api/views/fragile/refresh", "Authorization", auth).status()).isEqualTo(500);
        assertThat(http.post("/api/views/fragile/refresh", "Authorization", auth).status()).isEqualTo(500);

        JsonNode fragile = http.get("/api/views/fragile/status").json();

        assertThat(fragile.get("name").asText()).isEqualTo("public.fragile");
        assertThat(fragile.at("/refreshes/failureStreak").asLong()).isEqualTo(2);
        assertThat(fragile.at("/refreshes/lastError").asText()).contains("division by zero");
        String scrape = http.get("/metrics").body();
        assertThat(Http.metric(scrape, "matview_view_failure_streak", "view=\"public.fragile\"")).contains(2.0);
        assertThat(Http.metric(scrape, "matview_refresh_failures_total", "view=\"public.fragile\"")).contains(2.0);
        assertThat(Http.metric(scrape, "matview_view_advice", "view=\"public.keyless\"", "kind=\"no-unique-index\"")).contains(1.0);
        assertThat(Http.metric(scrape, "matview_view_size_bytes", "view=\"public.stock\"")).hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(Http.metric(scrape, "matview_source_dead_ratio", "view=\"public.stock\"", "table=\"public.items\"")).isPresent();
    }

    @Test
    void incrementalAndRealTimeViewsCarryTheirRefreshesSizeAndStalenessInTheirStatusAndTheMetrics() {
        assertThat(http.post("/api/views/sales_daily/refresh", "Authorization", "Bearer " + TOKEN).status()).isEqualTo(200);

        JsonNode daily = http.get("/api/views/sales_daily/status").json();
        assertThat(daily.get("kind").asText()).isEqualTo("incremental view");
        assertThat(daily.at("/refreshes/count").asInt()).isPositive();
        assertThat(daily.at("/freshness/refreshedAt").isTextual()).isTrue();
        assertThat(daily.at("/freshness/secondsUntilNextRefresh").asDouble()).isBetween(0.0, 3600.0);
        assertThat(daily.at("/sizeBytes").asLong()).isPositive();
        assertThat(daily.at("/sources/0/table").asText()).isEqualTo("public.sales");
        assertThat(adviceKinds(daily)).doesNotContain("no-unique-index", "nullable-unique-key", "never-populated");
        JsonNode live = http.get("/api/views/sales_live/status").json();
        assertThat(live.get("kind").asText()).isEqualTo("real-time view");
        assertThat(live.at("/freshness/stalenessSeconds").isNumber()).isTrue();
        assertThat(adviceKinds(live)).doesNotContain("no-unique-index");
        String scrape = http.get("/metrics").body();
        for (String view : List.of("public.sales_daily", "public.sales_live")) {
            assertThat(Http.metric(scrape, "matview_view_staleness_seconds", "view=\"" + view + "\"")).as(view).isPresent();
            assertThat(Http.metric(scrape, "matview_view_size_bytes", "view=\"" + view + "\""))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
        }
    }

    @Test
    void theRefreshDurationsOfAViewAreInItsStatusAndInTheMetrics() {
        String auth = "Bearer " + TOKEN;
        assertThat(http.post("/api/views/stock/refresh", "Authorization", auth).status()).isEqualTo(200);

        JsonNode stock = http.get("/api/views/public.stock/status").json();
        assertThat(stock.at("/refreshes/count").asInt()).isPositive();
        long p95 = stock.at("/refreshes/p95Ms").asLong();
        assertThat(stock.at("/refreshes/maxMs").asLong()).isGreaterThanOrEqualTo(p95);
        assertThat(Http.metric(http.get("/metrics").body(), "matview_refresh_duration_p95_seconds", "view=\"public.stock\""))
                .isPresent();
    }

    @Test
    void driftNeedsTheTokenAndCountsTheRowsInsertedSinceTheRefresh() {
        execute(db, "insert into moves select g, g from generate_series(101, 103) g");

        assertThat(http.get("/api/views/moved/drift").json().get("viewRows").asLong()).isEqualTo(100);
        assertThat(http.post("/api/views/moved/drift").status()).isEqualTo(401);
        assertThat(http.post("/api/views/moved/drift", "Authorization", "Bearer wrong").status()).isEqualTo(401);
        Http.Response r = http.post("/api/views/moved/drift?mode=full", "Authorization", "Bearer " + TOKEN);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("onlyInQuery").asLong()).isEqualTo(3);
        assertThat(r.json().get("onlyInView").asLong()).isZero();
        assertThat(r.json().get("mode").asText()).isEqualTo("full");
        Http.Response checksum = http.post("/api/views/moved/drift?mode=checksum", "Authorization", "Bearer " + TOKEN);
        assertThat(checksum.json().get("differs").asBoolean()).isTrue();
        assertThat(http.post("/api/views/moved/drift?mode=roughly", "Authorization", "Bearer " + TOKEN).status()).isEqualTo(400);
        assertThat(http.post("/api/views/live_items/drift", "Authorization", "Bearer " + TOKEN).status()).isEqualTo(409);
    }

    @Test
    void rowsWrittenToASourceSinceTheRefreshAreCountedAndPendingUntilTheNextRefresh() {
        assertThat(http.get("/api/views/watched/status").json().at("/freshness/pendingChange").asBoolean(true)).isFalse();

        execute(db, "insert into orders select g, g from generate_series(1, 5) g");

        // the statistics system publishes a backend's counters shortly after it goes idle
        JsonNode pending = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get("/api/views/watched/status").json(), v -> v.at("/sources/0/changedSinceRefresh").asLong() == 5);
        assertThat(pending.at("/sources/0/table").asText()).isEqualTo("public.orders");
        assertThat(pending.at("/freshness/pendingChange").asBoolean()).isTrue();

        assertThat(http.post("/api/views/watched/refresh", "Authorization", "Bearer " + TOKEN).status()).isEqualTo(200);
        JsonNode refreshed = http.get("/api/views/watched/status").json();
        assertThat(refreshed.at("/freshness/pendingChange").asBoolean(true)).isFalse();
        assertThat(refreshed.at("/sources/0/changedSinceRefresh").asLong(-1)).isZero();
    }

    @Test
    void hostileViewNamesInThePathAreNotFoundAndReachNoSql() {
        String[] hostile = {"../../pg_catalog.pg_authid", "pg_catalog.pg_class", "items", "matview.refresh_log",
            "stock; drop table items", "\"stock\"", "stock'", "stock\"--", "public..stock", "x".repeat(250), "\u202estock", "%", "'"};
        for (String name : hostile) {
            String path = "/api/views/" + Http.enc(name);
            for (Http.Response r : List.of(http.get(path + "/status"), http.get(path + "/drift"),
                    http.post(path + "/drift", "Authorization", "Bearer " + TOKEN))) {
                assertThat(r.status()).as("%s: %s", name, r).isIn(400, 404);
                assertThat(r.header("Content-Type")).as(name).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            }
        }
        assertThat(queryLong(db, "select count(*) from items")).isEqualTo(100);
    }
}
