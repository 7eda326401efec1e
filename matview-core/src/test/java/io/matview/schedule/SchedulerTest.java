package io.matview.schedule;

import static io.matview.internal.refresh.RefreshTestSupport.createKnob;
import static io.matview.internal.refresh.RefreshTestSupport.describe;
import static io.matview.internal.refresh.RefreshTestSupport.holdsFor;
import static io.matview.internal.refresh.RefreshTestSupport.refreshesRunning;
import static io.matview.internal.refresh.RefreshTestSupport.setKnob;
import static io.matview.internal.refresh.RefreshTestSupport.sleep;
import static io.matview.internal.refresh.RefreshTestSupport.slowView;
import static io.matview.internal.refresh.RefreshTestSupport.waitForLog;
import static io.matview.internal.refresh.RefreshTestSupport.waitUntil;
import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler against a real PostgreSQL: intervals, many schedulers, on change, backoff, shutdown, outages. */
class SchedulerTest {
    static final Scheduler.Settings FAST =
            Scheduler.Settings.builder().tick(Duration.ofMillis(200)).backoff(Duration.ofMillis(500)).build();

    @TempDir
    Path dir;
    DataSource db;
    ViewFiles files;
    Matview matview;
    final List<Scheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        execute(db, "create table items (id serial primary key, qty int not null)",
                "insert into items (qty) values (10), (20), (30)");
        files = new ViewFiles(dir);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
    }

    @AfterEach
    void tearDown() {
        schedulers.forEach(Scheduler::close);
    }

    private Scheduler start(Scheduler.Settings settings) {
        Scheduler s = matview.scheduler(settings);
        schedulers.add(s);
        return s.start();
    }

    private List<RefreshLogEntry> log(String view) {
        return matview.refreshHistory(view, 10_000);
    }

    /** The entries of {@code view} that match, oldest first. */
    private List<RefreshLogEntry> entries(String view, Predicate<RefreshLogEntry> filter) {
        return log(view).stream().filter(filter).sorted(Comparator.comparing(RefreshLogEntry::startedAt)).toList();
    }

    private static Predicate<RefreshLogEntry> ok(Trigger trigger) {
        return e -> e.ok() && e.trigger() == trigger;
    }

    /** The database's clock, which the refresh log's times come from. */
    private Instant dbNow() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long generation(String view) {
        return matview.runtimeViews().get(QualifiedName.parse(view, "public")).generation();
    }

    private static List<Long> gapsMs(List<RefreshLogEntry> entries) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < entries.size(); i++) {
            gaps.add(Duration.between(entries.get(i - 1).startedAt(), entries.get(i).startedAt()).toMillis());
        }
        return gaps;
    }

    private static void assertConsecutiveGenerations(List<RefreshLogEntry> oks, long startGeneration) {
        for (int i = 0; i < oks.size(); i++) {
            assertThat(oks.get(i).generation()).as("generation of OK refresh #%d", i + 1).isEqualTo(startGeneration + i + 1);
        }
    }

    // ---------------------------------------------------------------- every

    /** Where each refresh started, in ms after the view's apply: the origin of its {@code every} grid. */
    private List<Long> offsetsMs(String view, List<RefreshLogEntry> entries) {
        Instant applied = matview.runtimeViews().get(QualifiedName.parse(view, "public")).appliedAt();
        return entries.stream().map(e -> Duration.between(applied, e.startedAt()).toMillis()).toList();
    }

    /** Each refresh started in its own slot of the fixed-rate grid, slot i+1 for the i-th, within {@code lateMs} of it. */
    private static void assertFixedRate(List<Long> offsetsMs, long intervalMs, long lateMs) {
        for (int i = 0; i < offsetsMs.size(); i++) {
            long slot = (i + 1) * intervalMs;
            assertThat(offsetsMs.get(i)).as("start of refresh #%d, ms after the apply", i + 1).isBetween(slot, slot + lateMs);
        }
    }

    // Changed by issue 9 (schedules drift): `every` is now fixed rate on a grid from the apply, so a gap
    // between two refreshes may be a little under the interval (the tick's jitter); the test asserts the
    // grid instead of gaps of at least the interval.
    @Test
    void anEveryTwoSecondsViewIsRefreshedAboutEveryTwoSecondsAndNotMoreOften() {
        files.write("ticker.sql", "-- materialized\n-- refresh: every 2 seconds\nselect sum(qty) as total from items\n");
        matview.apply();
        long startGeneration = generation("ticker");

        Scheduler scheduler = start(FAST);
        execute(db, "insert into items (qty) values (40)");
        waitForLog(Duration.ofSeconds(15), "three scheduled refreshes", () -> entries("ticker", ok(Trigger.SCHEDULE)),
                l -> l.size() >= 3);
        assertThat(scheduler.alive()).isTrue();
        assertThat(scheduler.nextRefreshes()).containsKey(QualifiedName.parse("ticker", "public"));
        scheduler.close();

        List<RefreshLogEntry> oks = entries("ticker", ok(Trigger.SCHEDULE));
        System.out.println("every 2 seconds: starts " + offsetsMs("ticker", oks) + " ms after the apply\n" + describe(oks));
        assertThat(log("ticker")).allMatch(e -> e.ok() && e.trigger() == Trigger.SCHEDULE);
        assertFixedRate(offsetsMs("ticker", oks), 2000, 1900);
        assertConsecutiveGenerations(oks, startGeneration);
        assertThat(queryLong(db, "select total from ticker")).isEqualTo(100);
    }

    @Test
    void everyIsAFixedRateEvenWhenEachRefreshTakesASecond() {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id\n-- refresh: every 3 seconds"));
        matview.apply();
        setKnob(db, 1.0);

        start(FAST);
        waitForLog(Duration.ofSeconds(25), "four scheduled refreshes", () -> entries("slow", ok(Trigger.SCHEDULE)),
                l -> l.size() >= 4);
        schedulers.forEach(Scheduler::close);

        List<RefreshLogEntry> oks = entries("slow", ok(Trigger.SCHEDULE));
        List<Long> offsets = offsetsMs("slow", oks);
        System.out.println("every 3 seconds, refreshes of about 1 s: starts " + offsets + " ms after the apply\n"
                + describe(oks));
        assertThat(oks).allSatisfy(e -> assertThat(e.durationMs()).isGreaterThanOrEqualTo(1000));
        // fixed delay would start them at 3, 7, 11, 15 s: the 3rd is 2 s late, the 4th 3 s; the margin of 1.9 s is
        // for a loaded machine, whose ticks run late, and still tells the two apart
        assertFixedRate(offsets, 3000, 1900);
    }

    /** Another "process": a Matview of its own, so its own refresher and connections. */
    private Scheduler startInOwnProcess(Scheduler.Settings settings) {
        Scheduler s = Matview.configure().dataSource(db).viewsDirectory(dir).load().scheduler(settings);
        schedulers.add(s);
        return s.start();
    }

    // Changed by issue 9: gaps of at least 900 ms became "one refresh per slot of the grid" (fixed rate),
    // and a scheduler that finds another refreshing the view no longer logs a skipped attempt.
    @Test
    void fourSchedulersRefreshEachDueRefreshExactlyOnce() {
        files.write("beat.sql", "-- materialized\n-- unique: total\n-- refresh: every 1 second\nselect sum(qty) as total from items\n");
        matview.apply();
        Instant applied = matview.runtimeViews().get(QualifiedName.parse("beat", "public")).refreshedAt();
        long startGeneration = generation("beat");

        for (int i = 0; i < 4; i++) {
            startInOwnProcess(FAST);
        }
        waitForLog(Duration.ofSeconds(20), "seven scheduled refreshes", () -> entries("beat", ok(Trigger.SCHEDULE)),
                l -> l.size() >= 7);
        schedulers.forEach(Scheduler::close);
        Instant end = dbNow();

        List<RefreshLogEntry> oks = entries("beat", ok(Trigger.SCHEDULE));
        double elapsedSeconds = Duration.between(applied, end).toMillis() / 1000.0;
        List<Long> offsets = offsetsMs("beat", oks);
        System.out.printf("four schedulers, every 1 second, %.1f s: %d OK refreshes, starts %s ms after the apply%n",
                elapsedSeconds, oks.size(), offsets);
        assertThat(log("beat")).allMatch(e -> e.ok() && e.trigger() == Trigger.SCHEDULE);
        assertThat(offsets.stream().map(ms -> ms / 1000).distinct().count()).as("refreshes per slot").isEqualTo(oks.size());
        // at most one per second-long slot; no lower bound beyond the seven waited for: a loaded machine
        // legitimately misses slots (fixed rate, no bursts), and that is not what this test is about
        assertThat(oks.size()).isLessThanOrEqualTo((int) Math.ceil(elapsedSeconds));
        assertConsecutiveGenerations(oks, startGeneration);
        assertThat(generation("beat")).isEqualTo(startGeneration + oks.size());
    }

    @Test
    void schedulersWaitingForAnotherOnesRefreshLogNothing() {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id\n-- refresh: every 1 second"));
        matview.apply();
        setKnob(db, 1.5);

        for (int i = 0; i < 3; i++) {
            startInOwnProcess(FAST);
        }
        waitForLog(Duration.ofSeconds(20), "three scheduled refreshes", () -> entries("slow", ok(Trigger.SCHEDULE)),
                l -> l.size() >= 3);
        schedulers.forEach(Scheduler::close);

        List<RefreshLogEntry> all = log("slow");
        System.out.println("three schedulers, 1.5 s refreshes every second:\n" + describe(all));
        // each refresh ran for 1.5 s while two other schedulers ticked every 200 ms: before, ~14 skipped rows each
        assertThat(all).noneMatch(e -> e.status() == RefreshStatus.SKIPPED);
        assertThat(all).allMatch(RefreshLogEntry::ok);
    }

    @Test
    void aScheduledViewThatReadsAnotherDueAtTheSameTimeIsRefreshedOncePerSlotByTheCascade() {
        files.write("base_total.sql", "-- materialized\n-- refresh: every 2 seconds\nselect sum(qty) as total from items\n");
        files.write("doubled.sql", "-- materialized\n-- refresh: every 2 seconds\nselect total * 2 as d from base_total\n");
        matview.apply();

        start(FAST);
        waitForLog(Duration.ofSeconds(15), "three scheduled refreshes of base_total",
                () -> entries("base_total", ok(Trigger.SCHEDULE)), l -> l.size() >= 3);
        schedulers.forEach(Scheduler::close);

        List<RefreshLogEntry> base = entries("base_total", ok(Trigger.SCHEDULE));
        List<RefreshLogEntry> doubled = entries("doubled", e -> true);
        System.out.println("base_total and doubled, both every 2 seconds:\n" + describe(base) + describe(doubled));
        assertThat(doubled).allMatch(e -> e.ok() && e.trigger() == Trigger.CASCADE);
        assertThat(doubled).hasSameSizeAs(base);
        assertFixedRate(offsetsMs("doubled", doubled), 2000, 1900);
    }

    // ---------------------------------------------------------------- on change

    @Test
    void anOnChangeViewIsRefreshedAfterWritesAndWithinMaxStalenessUnderContinuousWrites() {
        files.write("recent_items.sql", "select id, qty from items\n");
        files.write("item_count.sql", "-- materialized\n-- refresh: on change debounce 1s max staleness 4s\n"
                + "select count(*) as n from recent_items\n");
        matview.apply();

        start(FAST);
        // at start, changes may have been missed: one catch-up refresh
        List<RefreshLogEntry> first = waitForLog(Duration.ofSeconds(5), "the catch-up refresh", () -> entries("item_count",
                ok(Trigger.CHANGE)), l -> l.size() == 1);
        holdsFor(Duration.ofMillis(2_500), "no refresh without writes", () -> log("item_count").size() == 1);

        Instant write = dbNow();
        execute(db, "insert into items (qty) values (1)");
        List<RefreshLogEntry> second = waitForLog(Duration.ofSeconds(5), "a refresh after the insert",
                () -> entries("item_count", ok(Trigger.CHANGE)), l -> l.size() == 2);
        Duration afterWrite = Duration.between(write, second.get(1).startedAt());
        assertThat(afterWrite).isBetween(Duration.ofMillis(900), Duration.ofMillis(3000));
        assertThat(queryLong(db, "select n from item_count")).isEqualTo(4);

        // writes every 300 ms never leave a 1 s pause: only max staleness (4 s) gets a refresh in
        Instant writesStart = dbNow();
        long deadline = System.nanoTime() + 6_000_000_000L;
        // a loaded machine can stall this loop past the debounce: each such pause may rightly add a refresh
        int pauses = 0;
        long last = System.nanoTime();
        while (System.nanoTime() < deadline) {
            execute(db, "insert into items (qty) values (2)");
            long now = System.nanoTime();
            if (now - last >= 900_000_000L) {
                pauses++;
            }
            last = now;
            sleep(300);
        }
        Instant writesEnd = dbNow();
        List<RefreshLogEntry> during = entries("item_count", ok(Trigger.CHANGE)).stream()
                .filter(e -> e.startedAt().isAfter(writesStart) && e.startedAt().isBefore(writesEnd)).toList();
        Duration stale = during.isEmpty() ? null : Duration.between(writesStart, during.get(0).startedAt());
        System.out.println("on change: catch-up at " + first.get(0).startedAt() + ", refresh " + afterWrite.toMillis()
                + " ms after a write, first refresh " + (stale == null ? "-" : stale.toMillis()) + " ms into continuous writes; "
                + during.size() + " refreshes during 6 s of writes");
        assertThat(during).isNotEmpty();
        assertThat(stale).isBetween(Duration.ofMillis(3800), Duration.ofMillis(6000));
        assertThat(during).as("refreshes during continuous writes, with %d pauses of the writing loop", pauses)
                .hasSizeLessThanOrEqualTo(2 + pauses);
        assertThat(log("item_count")).allMatch(e -> e.ok() && e.trigger() == Trigger.CHANGE);
    }

    @Test
    void aWriteDuringARefreshLeadsToAnotherRefresh() {
        createKnob(db);
        files.write("recent_items.sql", "select id, qty from items\n");
        files.write("item_count.sql", "-- materialized\n-- refresh: on change debounce 1s max staleness 30s\n"
                + "with s as materialized (select pg_sleep((select secs from knob)))\n"
                + "select count(*) as n from recent_items, s\n");
        matview.apply();
        start(FAST);
        waitForLog(Duration.ofSeconds(5), "the catch-up refresh", () -> entries("item_count", ok(Trigger.CHANGE)),
                l -> l.size() == 1);
        setKnob(db, 1.5); // a write to knob too, but knob is a source as well: one more (slow) refresh follows
        execute(db, "insert into items (qty) values (1)");
        waitUntil(Duration.ofSeconds(5), "the slow refresh is 300 ms into its query", () -> queryLong(db,
                "select count(*) from pg_stat_activity where datname = current_database() and state = 'active' "
                + "and query ilike 'REFRESH MATERIALIZED VIEW%' and clock_timestamp() - query_start > interval '300 ms'") == 1);
        execute(db, "insert into items (qty) values (2)"); // after the running REFRESH took its snapshot

        waitForLog(Duration.ofSeconds(8), "a refresh that sees the second insert", () -> entries("item_count",
                ok(Trigger.CHANGE)), l -> queryLong(db, "select n from item_count") == 5);
    }

    // ---------------------------------------------------------------- failures

    @Test
    void aFailingViewIsRetriedWithGrowingGapsAndRecoversOnceFixed() {
        execute(db, "create table gate (id int)", "insert into gate values (1)");
        files.write("fragile.sql", "-- materialized\n-- refresh: on change debounce 1s max staleness 1 minute\n"
                + "select 1 / (select count(*) from gate)::int as x, sum(qty) as total from items\n");
        matview.apply();
        execute(db, "delete from gate");

        start(FAST);
        List<RefreshLogEntry> failed = waitForLog(Duration.ofSeconds(10), "four failed attempts",
                () -> entries("fragile", e -> e.status() == RefreshStatus.FAILED), l -> l.size() >= 4);
        execute(db, "insert into gate values (1)", "insert into items (qty) values (40)");
        List<RefreshLogEntry> recovered = waitForLog(Duration.ofSeconds(8), "a successful refresh",
                () -> entries("fragile", RefreshLogEntry::ok), l -> !l.isEmpty());

        List<Long> gaps = gapsMs(failed.subList(0, 4));
        System.out.println("backoff: gaps between failed attempts " + gaps + " ms; recovered "
                + Duration.between(failed.get(failed.size() - 1).startedAt(), recovered.get(0).startedAt()).toMillis()
                + " ms after the last failure");
        assertThat(failed).allSatisfy(e -> assertThat(e.error()).contains("division by zero"));
        // 500 ms, then 1 s, then 2 s (the first backoff doubling), plus a few ticks of a loaded machine
        assertThat(gaps.get(0)).isBetween(500L, 2000L);
        assertThat(gaps.get(1)).isBetween(1000L, 2600L);
        assertThat(gaps.get(2)).isBetween(2000L, 3800L);
        assertThat(gaps).isSorted();
        assertThat(recovered.get(0).trigger()).isEqualTo(Trigger.CHANGE);
        assertThat(queryLong(db, "select total from fragile")).isEqualTo(100);
        holdsFor(Duration.ofSeconds(1), "no failure after the recovery",
                () -> entries("fragile", e -> e.status() == RefreshStatus.FAILED).size() == failed.size());
    }

    // ---------------------------------------------------------------- shutdown

    @Test
    void closeDuringALongRefreshWaitsForTheGraceThenCancelsAndStartsNothingNew() {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id\n-- refresh: every 1 second"));
        matview.apply();
        long before = generation("slow");
        setKnob(db, 5);
        Scheduler scheduler = start(FAST.toBuilder().grace(Duration.ofMillis(700)).build());
        waitUntil(Duration.ofSeconds(5), "the scheduled refresh runs", () -> refreshesRunning(db) == 1);

        long t0 = System.nanoTime();
        scheduler.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;

        System.out.println("close took " + closeMs + " ms with a 700 ms grace\n" + describe(log("slow")));
        assertThat(closeMs).isBetween(650L, 3000L);
        assertThat(scheduler.alive()).isFalse();
        assertThat(log("slow")).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(RefreshStatus.CANCELLED);
            assertThat(e.trigger()).isEqualTo(Trigger.SCHEDULE);
            assertThat(e.error()).contains("cancelled on shutdown");
        });
        assertThat(queryLong(db, "select count(*) from slow")).isEqualTo(100);
        assertThat(generation("slow")).isEqualTo(before);
        setKnob(db, 0);
        holdsFor(Duration.ofSeconds(2), "nothing starts after close", () -> refreshesRunning(db) == 0 && log("slow").size() == 1);
    }

    @Test
    void closeLetsARefreshThatEndsWithinTheGraceFinish() {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id\n-- refresh: every 1 second"));
        matview.apply();
        setKnob(db, 1);
        Scheduler scheduler = start(FAST.toBuilder().grace(Duration.ofSeconds(5)).build());
        waitUntil(Duration.ofSeconds(5), "the scheduled refresh runs", () -> refreshesRunning(db) == 1);

        long t0 = System.nanoTime();
        scheduler.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(closeMs).as("the refresh ended, not the 5 s grace").isLessThan(4000);
        assertThat(log("slow")).singleElement().satisfies(e -> assertThat(e.ok()).isTrue());
    }

    // ---------------------------------------------------------------- outages

    @Test
    void theSchedulerSurvivesLosingTheDatabaseAndCatchesUpOnChangeViews() {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id\n-- refresh: every 1 second"));
        files.write("beat.sql", "-- materialized\n-- refresh: every 1 second\nselect sum(qty) as total from items\n");
        files.write("watch.sql", "-- materialized\n-- refresh: on change debounce 1s max staleness 5s\n"
                + "select count(*) as n from items\n");
        matview.apply();
        String database = TestDatabase.databaseName(db);
        DataSource admin = TestDatabase.server().getPostgresDatabase();
        Scheduler scheduler = start(FAST);
        waitForLog(Duration.ofSeconds(5), "the catch-up refresh of watch", () -> entries("watch", ok(Trigger.CHANGE)),
                l -> l.size() == 1);
        waitForLog(Duration.ofSeconds(5), "two scheduled refreshes of beat", () -> entries("beat", ok(Trigger.SCHEDULE)),
                l -> l.size() >= 2);
        setKnob(db, 2);
        // Matview's connections are not pooled here, so between two refreshes no backend may exist: the outage has
        // to begin early in a refresh, or a loaded machine lets the refresh end before the first kill (seen in CI)
        waitUntil(Duration.ofSeconds(6), "a slow scheduled refresh runs and has just begun", () -> queryLong(db,
                "select count(*) from pg_stat_activity where datname = current_database() and state = 'active' "
                + "and query ilike 'REFRESH MATERIALIZED VIEW%' and clock_timestamp() - query_start < interval '500 ms'") == 1);

        // an outage of about 1.5 s: no new connection is accepted and every open one is killed
        long killed = 0;
        try {
            execute(admin, "alter database " + database + " allow_connections false");
            long until = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < until) {
                killed += TestDatabase.queryLong(admin, "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                        + "where datname = '" + database + "' and pid <> pg_backend_pid()");
                sleep(20);
            }
        } finally {
            execute(admin, "alter database " + database + " allow_connections true");
        }
        Instant back = dbNow();
        Instant backLocal = Instant.now();

        List<RefreshLogEntry> beat = waitForLog(Duration.ofSeconds(8), "a scheduled refresh of beat after the outage",
                () -> entries("beat", ok(Trigger.SCHEDULE)), l -> l.get(l.size() - 1).startedAt().isAfter(back));
        List<RefreshLogEntry> watch = waitForLog(Duration.ofSeconds(8), "a catch-up refresh of watch after the outage",
                () -> entries("watch", ok(Trigger.CHANGE)), l -> l.get(l.size() - 1).startedAt().isAfter(back));

        System.out.println("outage: " + killed + " backends killed; beat refreshed again "
                + Duration.between(back, beat.get(beat.size() - 1).startedAt()).toMillis() + " ms and watch "
                + Duration.between(back, watch.get(watch.size() - 1).startedAt()).toMillis() + " ms after it");
        assertThat(killed).as("backends killed, the running refresh among them").isPositive();
        assertThat(scheduler.alive()).isTrue();
        assertThat(scheduler.lastTick()).isAfter(backLocal);
        assertThat(watch).hasSize(2);
        List<RefreshLogEntry> beatAfter = beat.stream().filter(e -> e.startedAt().isAfter(back)).toList();
        assertThat(beatAfter).isNotEmpty();
        execute(db, "insert into items (qty) values (40)");
        waitForLog(Duration.ofSeconds(5), "beat sees the insert", () -> entries("beat", ok(Trigger.SCHEDULE)),
                l -> queryLong(db, "select total from beat") == 100);
        setKnob(db, 0);
        waitForLog(Duration.ofSeconds(8), "the slow view refreshed after the outage",
                () -> entries("slow", ok(Trigger.SCHEDULE)), l -> !l.isEmpty() && l.get(l.size() - 1).startedAt().isAfter(back));
        assertThat(queryLong(db, "select count(*) from slow")).isEqualTo(100);
    }
}
