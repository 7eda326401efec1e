package io.matview.observe;

import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.matview.Matview;
import io.matview.catalog.ViewStatus;
import io.matview.refresh.RefreshStatus;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each measure of {@code Matview.status()} against a scenario built for it. */
class StatusMeasuresTest {
    /** No unique key and a key that could hold nulls would both draw advice on a materialized view. */
    static final String QUERY = """
            select o.created_at::date as day, count(*) as orders, sum(100 / o.qty) as per_qty
            from orders o
            group by 1
            """;

    @TempDir
    Path dir;
    DataSource db;
    ViewFiles files;
    Matview matview;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        execute(db, "create table items (id int primary key, qty int not null)",
                "insert into items select g, g from generate_series(1, 10) g");
        files = new ViewFiles(dir);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
    }

    private ViewStatus status(String view) {
        QualifiedName name = QualifiedName.parse(view, "public");
        return matview.status().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<AdviceKind> kinds(ViewStatus s) {
        return s.advice().stream().map(Advice::kind).toList();
    }

    @Test
    void aRefreshThatFailsTwiceShowsAFailureStreakOfTwoWithItsErrorAndASuccessEndsIt() {
        files.write("ratios.sql", "-- materialized\n-- unique: id\nselect id, 100 / qty as ratio from items");
        matview.apply();
        execute(db, "update items set qty = 0 where id = 3");

        assertThat(matview.refresh("ratios")).singleElement().extracting(e -> e.status()).isEqualTo(RefreshStatus.FAILED);
        matview.refresh("ratios");

        RefreshStats failing = status("ratios").refreshes();
        assertThat(failing.failureStreak()).isEqualTo(2);
        assertThat(failing.failures()).isEqualTo(2);
        assertThat(failing.lastError()).contains("division by zero");

        execute(db, "update items set qty = 1 where id = 3");
        matview.refresh("ratios");
        RefreshStats recovered = status("ratios").refreshes();
        assertThat(recovered.failureStreak()).isZero();
        assertThat(recovered.lastError()).isNull();
        assertThat(recovered.failures()).isEqualTo(2);
        assertThat(recovered.count()).isEqualTo(1);
    }

    @Test
    void refreshDurationsArePercentilesOfTheLogAndTheirShareOfTheInterval() {
        files.write("totals.sql", "-- materialized\n-- unique: id\n-- refresh: every 1 hour\nselect id, qty from items");
        matview.apply();
        // durations are set in the log so the percentiles are known; the measure reads the log, not the clock
        execute(db, "insert into matview.refresh_log (schema_name, view_name, trigger, mode, mode_reason, status, started_at, "
                + "finished_at, duration_ms, rows, generation, host, pid) "
                + "select 'public', 'totals', 'manual', 'full', 'test', 'ok', now() - (g || ' minutes')::interval, "
                + "now() - (g || ' minutes')::interval, g * 1000, 10, g, 'test', 1 from generate_series(1, 100) g");

        RefreshStats r = status("totals").refreshes();

        assertThat(r.count()).isEqualTo(100);
        assertThat(r.maxMs()).isEqualTo(100_000);
        assertThat(r.p50Ms()).isEqualTo(50_500);
        assertThat(r.p95Ms()).isEqualTo(95_050);
        // older refreshes took longer here: the duration falls over time
        assertThat(r.trendMsPerDay()).isNegative();
        assertThat(r.intervalShare()).isEqualTo(50_500 / 3_600_000.0);
    }

    @Test
    void aRefreshLongerThanHalfItsIntervalIsAdvisedAgainst() {
        files.write("totals.sql", "-- materialized\n-- unique: id\n-- refresh: every 10 seconds\nselect id, qty from items");
        matview.apply();
        execute(db, "insert into matview.refresh_log (schema_name, view_name, trigger, mode, mode_reason, status, started_at, "
                + "finished_at, duration_ms, rows, generation, host, pid) "
                + "values ('public', 'totals', 'schedule', 'full', 'test', 'ok', now(), now(), 7000, 10, 2, 'test', 1)");

        assertThat(kinds(status("totals"))).contains(AdviceKind.SLOW_REFRESH);
    }

    @Test
    void stalenessAndTheNextRefreshFollowTheCatalogAndThePolicy() {
        files.write("totals.sql", "-- materialized\n-- unique: id\n-- refresh: every 1 hour\nselect id, qty from items");
        matview.apply();

        ViewStatus s = status("totals");
        Freshness f = s.freshness();

        assertThat(f.refreshedAt()).isNotNull();
        assertThat(f.stalenessSeconds()).isBetween(0.0, 3600.0);
        // every: fixed slots from the apply
        assertThat(f.nextRefreshAt()).isEqualTo(s.appliedAt().plus(Duration.ofHours(1)));
        assertThat(f.secondsUntilNextRefresh()).isBetween(0.0, 3600.0);
    }

    @Test
    void aMaterializedViewWithoutAUniqueKeyIsAdvisedToDeclareOneAndOneWithIsNot() {
        files.write("keyless.sql", "-- materialized\nselect id, qty from items");
        files.write("keyed.sql", "-- materialized\n-- unique: id\nselect id, qty from items");
        matview.apply();

        ViewStatus keyless = status("keyless");
        assertThat(kinds(keyless)).contains(AdviceKind.NO_UNIQUE_INDEX);
        assertThat(keyless.advice()).filteredOn(a -> a.kind() == AdviceKind.NO_UNIQUE_INDEX).singleElement()
                .satisfies(a -> assertThat(a.fix()).contains("-- unique:"));
        assertThat(kinds(status("keyed"))).doesNotContain(AdviceKind.NO_UNIQUE_INDEX);
    }

    @Test
    void aUniqueKeyColumnHoldingNullsIsAdvisedAgainst() {
        execute(db, "create table parts (code text, qty int)", "insert into parts values ('a', 1), (null, 2), ('c', 3)");
        files.write("by_code.sql", "-- materialized\n-- unique: code\nselect code, qty from parts");
        matview.apply();
        execute(db, "analyze by_code");

        assertThat(status("by_code").advice()).filteredOn(a -> a.kind() == AdviceKind.NULLABLE_UNIQUE_KEY).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("code"));
    }

    @Test
    void aMaterializedViewNeverPopulatedIsAdvisedToBeRefreshed() {
        files.write("totals.sql", "-- materialized\n-- unique: id\nselect id, qty from items");
        matview.apply();
        execute(db, "refresh materialized view totals with no data");

        ViewStatus s = status("totals");
        assertThat(s.populated()).isFalse();
        assertThat(kinds(s)).contains(AdviceKind.NEVER_POPULATED);
    }

    /** Waits until the statistics system publishes {@code writes} writes to {@code table} (a backend flushes them when idle). */
    private void awaitWrites(String table, long writes) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> TestDatabase.queryLong(db,
                "select n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables where relname = '" + table + "'") == writes);
    }

    private static SourceHealth source(ViewStatus s, String table) {
        return s.sources().stream().filter(t -> t.table().name().equals(table)).findFirst().orElseThrow();
    }

    @Test
    void aPartitionAttachedSinceTheLastRefreshHasItsWritesCountedFromTheNextRefresh() {
        execute(db, "create table parts (id int not null, qty int not null) partition by range (id)",
                "create table parts_1 partition of parts for values from (1) to (100)",
                "insert into parts select g, g from generate_series(1, 10) g");
        files.write("part_totals.sql", "-- materialized\n-- unique: id\nselect id, qty from parts");
        matview.apply();
        // the refresh keeps the tables the view reads with the dependency graph: this one learns parts_1
        matview.refresh("part_totals");
        execute(db, "create table parts_2 (id int not null, qty int not null)",
                "insert into parts_2 select g, g from generate_series(100, 104) g");
        awaitWrites("parts_2", 5);
        execute(db, "alter table parts attach partition parts_2 for values from (100) to (200)");

        matview.refresh("part_totals");

        ViewStatus refreshed = status("part_totals");
        assertThat(source(refreshed, "parts_1").changedSinceRefresh()).isZero();
        // no view was created or replaced, yet the refresh saw the new partition and kept its counter
        assertThat(source(refreshed, "parts_2").changedSinceRefresh()).isZero();
    }

    @Test
    void rowsWrittenToASourceAfterARefreshArePendingUntilTheNextRefresh() {
        awaitWrites("items", 10);
        files.write("totals.sql", "-- materialized\n-- unique: id\n-- refresh: on change\nselect id, qty from items");
        files.write("hourly.sql", "-- materialized\n-- unique: id\n-- refresh: every 1 hour\nselect id, qty from items");
        matview.apply();
        ViewStatus fresh = status("totals");
        assertThat(fresh.freshness().pendingChange()).isFalse();
        assertThat(source(fresh, "items").changedSinceRefresh()).isZero();

        execute(db, "insert into items select g, g from generate_series(11, 13) g", "update items set qty = 0 where id = 1");

        ViewStatus pending = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> status("totals"), v -> Long.valueOf(4).equals(source(v, "items").changedSinceRefresh()));
        assertThat(pending.freshness().pendingChange()).isTrue();
        // another policy counts the rows too, but has no change pending: its schedule, not a change, refreshes it
        ViewStatus hourly = status("hourly");
        assertThat(source(hourly, "items").changedSinceRefresh()).isEqualTo(4);
        assertThat(hourly.freshness().pendingChange()).isNull();

        matview.refresh("totals");
        ViewStatus refreshed = status("totals");
        assertThat(refreshed.freshness().pendingChange()).isFalse();
        assertThat(source(refreshed, "items").changedSinceRefresh()).isZero();
        assertThat(source(status("hourly"), "items").changedSinceRefresh()).isEqualTo(4);
    }

    @Test
    void aSourceWithManyDeadTuplesAfterDeletesShowsThemAndIsAdvisedToBeVacuumed() {
        execute(db, "create table events (id int primary key, kind text) with (autovacuum_enabled = false)",
                "insert into events select g, 'x' from generate_series(1, 10000) g",
                "analyze events",
                "delete from events where id > 2000");
        files.write("event_count.sql", "-- materialized\nselect kind, count(*) as n from events group by kind");
        matview.apply();

        // the statistics system publishes a backend's counters shortly after it goes idle
        ViewStatus s = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("event_count"), v -> v.sources().stream().anyMatch(t -> t.deadTuples() >= 8000));

        SourceHealth events = s.sources().stream().filter(t -> t.table().name().equals("events")).findFirst().orElseThrow();
        assertThat(events.deadTuples()).isEqualTo(8000);
        // the live count is PostgreSQL's running estimate; the ratio is computed from it
        assertThat(events.deadRatio()).isEqualTo(8000.0 / (events.liveTuples() + 8000));
        assertThat(events.lastAnalyze()).isNotNull();
        assertThat(events.modifiedSinceAnalyze()).isGreaterThanOrEqualTo(8000);
        assertThat(kinds(s)).contains(AdviceKind.BLOATED_SOURCE, AdviceKind.STALE_STATISTICS);

        execute(db, "vacuum analyze events");
        ViewStatus after = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("event_count"), v -> v.sources().stream().allMatch(t -> t.deadTuples() == 0));
        assertThat(kinds(after)).doesNotContain(AdviceKind.BLOATED_SOURCE, AdviceKind.STALE_STATISTICS);
        assertThat(after.sources()).singleElement().satisfies(t -> assertThat(t.lastVacuum()).isNotNull());
    }

    @Test
    void withoutPgStatStatementsNoPlainViewIsAdvisedToBeMaterializedAndStatusStillAnswers() {
        files.write("cheap.sql", "select id from items");
        matview.apply();

        ViewStatus s = status("cheap");
        assertThat(s.freshness().stalenessSeconds()).isNull();
        assertThat(s.refreshes()).isNull();
        assertThat(kinds(s)).doesNotContain(AdviceKind.MATERIALIZE_SLOW_VIEW);
        assertThat(s.sources()).extracting(t -> t.table().name()).containsExactly("items");
    }

    /**
     * Orders over 30 days, for incremental and real-time views: they are refreshed and logged as materialized
     * views are, so they are measured alike; advice on a concurrent refresh they never run does not concern them.
     */
    private void orders() {
        execute(db, "create table orders (id bigint generated always as identity primary key, "
                        + "created_at timestamptz not null, qty int not null)",
                "create index on orders (created_at)",
                "insert into orders (created_at, qty) select now() - (i % 30) * interval '1 day' - interval '1 hour', 1 "
                        + "from generate_series(1, 3000) i",
                "analyze orders");
    }

    @Test
    void anIncrementalViewShowsItsLastRefreshNextRefreshRowsAndSizeOfItsTableAndSources() {
        orders();
        files.write("daily.sql", "-- incremental: by day from orders.created_at, window 2 days\n"
                + "-- refresh: every 1 hour\n" + QUERY);
        matview.apply();
        matview.refresh("daily");
        execute(db, "analyze");

        ViewStatus s = status("daily");
        assertThat(s.kind()).isEqualTo(Kind.INCREMENTAL_VIEW);
        assertThat(s.freshness().refreshedAt()).isNotNull();
        assertThat(s.freshness().stalenessSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(s.freshness().nextRefreshAt()).isAfter(s.freshness().refreshedAt());
        assertThat(s.refreshes().count()).isPositive();
        assertThat(s.refreshes().p50Ms()).isNotNull();
        assertThat(s.refreshes().intervalShare()).isNotNull();
        assertThat(s.rowEstimate()).as("the 30 days kept in its table").isEqualTo(30);
        assertThat(s.sizeBytes()).isPositive();
        assertThat(s.sources()).extracting(t -> t.table().name()).containsExactly("orders");
        assertThat(kinds(s)).as("no advice on a concurrent refresh it never runs").doesNotContain(
                AdviceKind.NO_UNIQUE_INDEX, AdviceKind.NULLABLE_UNIQUE_KEY, AdviceKind.NEVER_POPULATED,
                AdviceKind.MISSING_REFRESH_PRIVILEGE, AdviceKind.SLOW_REFRESH);
    }

    @Test
    void aFailingIncrementalRefreshShowsItsFailureStreakAndError() {
        orders();
        files.write("daily.sql", "-- incremental: by day from orders.created_at, window 2 days\n" + QUERY);
        matview.apply();
        execute(db, "insert into orders (created_at, qty) values (now(), 0)");

        assertThat(matview.refresh("daily")).singleElement().extracting(e -> e.status()).isEqualTo(RefreshStatus.FAILED);
        matview.refresh("daily");

        RefreshStats r = status("daily").refreshes();
        assertThat(r.failureStreak()).isEqualTo(2);
        assertThat(r.lastError()).contains("division by zero");
    }

    @Test
    void aRealTimeViewIsMeasuredByItsStoredPartAndItsSlowRefreshesAreAdvisedAgainst() {
        orders();
        files.write("live.sql", "-- incremental: by day from orders.created_at, window 2 days, real-time\n"
                + "-- refresh: every 1 minute\n" + QUERY);
        matview.apply();
        execute(db, "insert into matview.refresh_log (schema_name, view_name, trigger, mode, mode_reason, status, started_at, "
                + "finished_at, duration_ms, rows, generation, host, pid) "
                + "select 'public', 'live', 'schedule', 'incremental', 'test', 'ok', now() - (g || ' minutes')::interval, "
                + "now() - (g || ' minutes')::interval, 45000, 2, g, 'test', 1 from generate_series(1, 30) g");

        ViewStatus s = status("live");
        assertThat(s.kind()).isEqualTo(Kind.REAL_TIME_VIEW);
        assertThat(s.freshness().refreshedAt()).as("its stored part was filled by apply").isNotNull();
        assertThat(s.freshness().secondsUntilNextRefresh()).isNotNull();
        assertThat(s.refreshes().p95Ms()).isEqualTo(45000);
        assertThat(s.sizeBytes()).isPositive();
        // the same row count every refresh is what a window of buckets gives: no sign of a too-frequent schedule
        assertThat(kinds(s)).contains(AdviceKind.SLOW_REFRESH).doesNotContain(AdviceKind.SCHEDULE_TOO_FREQUENT,
                AdviceKind.NO_UNIQUE_INDEX, AdviceKind.NULLABLE_UNIQUE_KEY, AdviceKind.NEVER_POPULATED,
                AdviceKind.MISSING_REFRESH_PRIVILEGE);
    }
}
