package io.matview.internal.incremental;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.Matview;
import io.matview.plan.Action;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.schedule.Scheduler;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental and real-time views against a real PostgreSQL: apply, refresh by window, late data, live reads. */
class IncrementalViewTest {
    static final String QUERY = """
            select o.created_at::date as day, o.region, count(*) as orders, sum(o.amount) as revenue
            from orders o
            group by 1, o.region
            """;

    @TempDir
    Path dir;
    DataSource db;
    ViewFiles files;
    Matview matview;

    @BeforeEach
    void setUp() {
        db = ordersOverFortyDays();
        files = new ViewFiles(dir);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
    }

    private void write(String options) {
        files.write("daily.sql", "-- incremental: by day from orders.created_at, window 2 days" + options + "\n"
                + "-- unique: day, region\n" + QUERY);
    }

    /** Rows of the view of that name that its query does not give, and the other way round: 0 when equal. */
    private long difference() {
        return difference(db);
    }

    static long difference(DataSource db) {
        String query = "(select * from (" + QUERY + ") q)";
        return queryLong(db, "select (select count(*) from (table daily except all " + query + ") a)"
                + " + (select count(*) from (" + query + " except all table daily) b)");
    }

    /** A fresh database with 2,000 orders over the last 40 days, indexed by created_at. */
    static DataSource ordersOverFortyDays() {
        DataSource db = TestDatabase.fresh();
        execute(db, "create table orders (id bigint generated always as identity primary key, "
                        + "created_at timestamptz not null, region text not null, amount numeric not null)",
                "create index on orders (created_at)",
                "insert into orders (created_at, region, amount) select now() - (i % 40) * interval '1 day' - interval '1 hour', "
                        + "case when i % 3 = 0 then 'eu' else 'us' end, i from generate_series(1, 2000) i");
        return db;
    }

    @Test
    void applyFillsTheViewAndRefreshRecomputesTheWindow() {
        write("");
        matview.apply();
        assertThat(matview.runtimeViews().get(QualifiedName.parse("daily", "public")).kind()).isEqualTo(Kind.INCREMENTAL_VIEW);
        assertThat(difference()).isZero();

        execute(db, "insert into orders (created_at, region, amount) values (now(), 'eu', 1000), (now(), 'asia', 5)");
        assertThat(difference()).as("an incremental view shows the new orders only after a refresh").isPositive();
        List<RefreshLogEntry> log = matview.refresh("daily");
        assertThat(log.get(0).mode()).isEqualTo(RefreshMode.INCREMENTAL);
        assertThat(log.get(0).ok()).isTrue();
        assertThat(difference()).isZero();
    }

    @Test
    void theRefreshLogsTheRowsItWroteAndMovesTheWindowStart() {
        write("");
        matview.apply();
        execute(db, "insert into orders (created_at, region, amount) values (now(), 'eu', 1), (now(), 'mars', 2)",
                "insert into orders (created_at, region, amount) values (now() - interval '30 days', 'venus', 3)");
        RefreshLogEntry entry = matview.refresh("daily").get(0);
        String windowStart = queryString(db, "select window_start from matview.incremental where view_name = 'daily'");
        assertThat(windowStart).as("the window's first bucket, in the view's time zone (UTC)")
                .isEqualTo(queryString(db, "select ((now() - interval '2 days') at time zone 'UTC')::date::text"));
        // the late write touched the bucket of 30 days ago: it and the window are recomputed whole, and only they
        // (inserts inside the window are not recorded: the window is recomputed anyway)
        assertThat(entry.rows()).isEqualTo(queryLong(db, "select count(*) from " + storage()
                + " where day = (select day from " + storage() + " where region = 'venus') or day >= '" + windowStart + "'"));
        assertThat(entry.rows()).isLessThan(queryLong(db, "select count(*) from " + storage()
                + " where day >= (select day from " + storage() + " where region = 'venus')"));
        assertThat(difference()).isZero();
    }

    @Test
    void lateChangesOutsideTheWindowAreCaughtByTheTriggers() {
        write("");
        matview.apply();
        execute(db, "update orders set amount = amount + 1 where created_at < now() - interval '20 days'",
                "delete from orders where created_at < now() - interval '35 days' and region = 'eu'",
                "insert into orders (created_at, region, amount) values (now() - interval '300 days', 'eu', 7)");
        matview.refresh("daily");
        assertThat(difference()).isZero();
        assertThat(queryLong(db, "select count(*) from matview.incremental_pending")).isZero();
    }

    @Test
    void untrackedViewsMissLateChangesUntilAFullRefresh() {
        write(", untracked");
        matview.apply();
        execute(db, "update orders set amount = amount + 1 where created_at < now() - interval '20 days'");
        matview.refresh("daily");
        assertThat(difference()).as("documented: without tracking, a change outside the window waits for a full refresh")
                .isPositive();
        List<RefreshLogEntry> full = matview.refresh(List.of("daily"), RefreshOptions.builder().mode(RefreshMode.FULL).build());
        assertThat(full.get(0).mode()).isEqualTo(RefreshMode.FULL);
        assertThat(difference()).isZero();
    }

    @Test
    void realTimeReadsShowCommittedRowsAtOnce() {
        write(", real-time");
        matview.apply();
        execute(db, "insert into orders (created_at, region, amount) values (now(), 'eu', 1000), (now(), 'mars', 5)");
        assertThat(difference()).as("no refresh in between").isZero();
        assertThat(queryString(db, "select revenue::text from daily where region = 'mars'")).isEqualTo("5");
        matview.refresh("daily");
        assertThat(difference()).isZero();
        assertThat(queryLong(db, "select count(*) from " + storage() + " where region = 'mars'")).isEqualTo(1);
    }

    /**
     * The plan of {@code sql} when the planner may not scan orders whole: an index scan is then possible only
     * if the range reached the scan of orders as a condition on created_at. (Allowed to choose, it scans the
     * 2,000 rows of this test whole.)
     */
    private String planWithoutSeqScan(String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("analyze orders");
            s.execute("set enable_seqscan = off");
            try (ResultSet rs = s.executeQuery("explain " + sql)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Test
    void theLiveTailScansTheSourceByItsIndex() throws Exception {
        write(", real-time");
        matview.apply();
        assertThat(planWithoutSeqScan("select * from daily"))
                .containsPattern("Index Cond: \\(+created_at >= (\\$\\d+|\\(InitPlan)");
    }

    @Test
    void thePlannerExpectsTheLiveTailToBeASmallPartOfTheSource() throws Exception {
        write(", real-time");
        matview.apply();
        execute(db, "analyze orders");
        // Left to its default guess for "created_at >= (the watermark)", the planner expects a third of orders
        // (667 of 2,000) in the live tail, and on a large table it then scans orders whole (1.1 s at 10M rows)
        String plan;
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("explain (format json) select * from daily")) {
            rs.next();
            plan = rs.getString(1);
        }
        Matcher scan = Pattern
                .compile("\"Relation Name\": \"orders\",(?:[^{}]*?)\"Plan Rows\": (\\d+)").matcher(plan);
        assertThat(scan.find()).as("the live tail reads orders: %s", plan).isTrue();
        assertThat(Long.parseLong(scan.group(1))).as("rows the planner expects from orders").isLessThan(100);
    }

    @Test
    void theRefreshReadsOnlyTheRecomputedBucketsByTheSourceIndex() throws Exception {
        write("");
        matview.apply();
        Kept kept;
        try (Connection c = db.getConnection()) {
            kept = Kept.read(c, QualifiedName.parse("daily", "public"));
        }
        String from = kept.asBucket(Kept.literal("2026-01-01"));
        assertThat(planWithoutSeqScan("select * from (" + kept.query(kept.sourceColumnSql() + " >= " + from)
                + ") q where day >= " + from)).contains("Index Cond: (created_at >= '2026-01-01'::date)");
    }

    @Test
    void onChangeRefreshesAfterWritesToTheSourceAndNotAfterItsOwnRefresh() {
        files.write("daily.sql", "-- incremental: by day from orders.created_at, window 2 days\n"
                + "-- refresh: on change debounce 1s max staleness 3s\n" + QUERY);
        matview.apply();
        QualifiedName daily = QualifiedName.parse("daily", "public");
        try (Scheduler scheduler = matview.scheduler(Scheduler.Settings.builder().tick(Duration.ofMillis(200)).build())) {
            scheduler.start();
            // the catch-up refresh a scheduler makes first, then quiet
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> matview.lastRefreshes().containsKey(daily));
            execute(db, "insert into orders (created_at, region, amount) values (now(), 'moon', 3)");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> difference() == 0);
            long generation = matview.runtimeViews().get(daily).generation();
            // the refresh wrote the view's own table: that must not count as a change of its source
            Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> matview.runtimeViews().get(daily).generation() == generation);
        }
    }

    @Test
    void aChangedDirectiveRebuildsBesideAndDropsTheOldTable() {
        write("");
        matview.apply();
        String before = storage();
        write(", real-time");
        assertThat(matview.plan().changes().get(0).action()).isEqualTo(Action.REBUILD);
        matview.apply();
        assertThat(storage()).isNotEqualTo(before);
        assertThat(queryLong(db, "select count(*) from pg_class where relname = '" + before.substring(9, before.length() - 1) + "'"))
                .isZero();
        assertThat(difference()).isZero();
    }

    @Test
    void becomingAMaterializedViewRebuildsItAndDropsTableAndTriggers() {
        write("");
        matview.apply();
        files.write("daily.sql", "-- materialized\n-- unique: day, region\n" + QUERY);
        assertThat(matview.plan().changes().get(0).reason()).isEqualTo("it became a materialized view");
        matview.apply();
        assertThat(queryString(db, "select relkind::text from pg_class where oid = 'daily'::regclass")).isEqualTo("m");
        assertThat(queryLong(db, "select count(*) from pg_trigger where tgrelid = 'orders'::regclass and not tgisinternal")).isZero();
        assertThat(queryLong(db, "select count(*) from pg_class where relnamespace = 'matview'::regnamespace and relname like 'public.daily#%'"))
                .isZero();
        assertThat(difference()).isZero();
    }

    @Test
    void droppingTheFileDropsTableTriggersAndCatalogRows() {
        write("");
        matview.apply();
        files.delete("daily.sql");
        matview.apply(io.matview.plan.ApplyOption.ALLOW_DROP);
        assertThat(queryLong(db, "select count(*) from pg_trigger where tgrelid = 'orders'::regclass and not tgisinternal")).isZero();
        assertThat(queryLong(db, "select count(*) from pg_class where relnamespace = 'matview'::regnamespace and relname like 'public.daily#%'"))
                .isZero();
        assertThat(queryLong(db, "select count(*) from matview.incremental")).isZero();
    }

    @Test
    void aBucketThatIsNotADateOrTimestampIsRejectedAtApply() {
        files.write("bad.sql", "-- incremental: by day from orders.created_at, window 2 days\n"
                + "select extract(day from o.created_at) as day, count(*) from orders o group by 1");
        assertThatThrownBy(matview::apply).hasMessageContaining("not a date or timestamp");
    }

    @Test
    void aSourceColumnThatIsNotADateOrTimestampIsRejectedAtApply() {
        execute(db, "create table ticks (ts bigint not null, n int not null)");
        files.write("bad.sql", "-- incremental: by day from ticks.ts, window 2 days\n-- unique: day\n"
                + "select to_timestamp(t.ts)::date as day, sum(t.n) as n from ticks t group by 1");
        assertThatThrownBy(matview::apply).hasMessageContaining("public.ticks.ts").hasMessageContaining("bigint")
                .hasMessageContaining("not a date or timestamp");
    }

    @Test
    void aQueryThatCannotBeWindowedIsRejectedWithTheReason() {
        files.write("bad.sql", "-- incremental: by day from orders.created_at, window 2 days\n"
                + "select o.created_at::date as day, count(*) from orders o group by o.region, 1 limit 5");
        assertThatThrownBy(matview::plan).isInstanceOf(ViewFileException.class).hasMessageContaining("LIMIT");
    }

    private String storage() {
        return queryString(db, "select format('%I.%I', 'matview', storage_table) from matview.incremental");
    }
}
