package io.matview.internal.refresh;

import static io.matview.internal.refresh.RefreshTestSupport.createKnob;
import static io.matview.internal.refresh.RefreshTestSupport.refreshesRunning;
import static io.matview.internal.refresh.RefreshTestSupport.setKnob;
import static io.matview.internal.refresh.RefreshTestSupport.slowView;
import static io.matview.internal.refresh.RefreshTestSupport.waitUntil;
import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The refresh engine against a real PostgreSQL: modes, log, NOTIFY, cascades, locks, timeouts, cancel. */
class RefresherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    DataSource db;
    ViewFiles files;
    Matview matview;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        execute(db, "create table items (id int primary key, qty int not null)",
                "insert into items values (1, 10), (2, 20), (3, 30)");
        files = new ViewFiles(dir);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static QualifiedName name(String view) {
        return QualifiedName.parse(view, "public");
    }

    private long generation(String view) {
        return matview.runtimeViews().get(name(view)).generation();
    }

    private RefreshLogEntry refreshOne(String view, RefreshOptions options) {
        List<RefreshLogEntry> entries = matview.refresh(List.of(view), options);
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private static List<String> views(List<RefreshLogEntry> entries) {
        return entries.stream().map(e -> e.view().name()).toList();
    }

    /**
     * zeta (MV on a table) ← yview (plain view) ← beta (MV) ← alpha (MV): dependency order is the
     * reverse of name order, so an order that merely sorts names would show.
     */
    private void writeChain() {
        execute(db, "create table gate (id int)", "insert into gate values (1)");
        files.write("zeta.sql", "-- materialized\nselect 1 / (select count(*) from gate)::int as x, sum(qty) as total from items\n");
        files.write("yview.sql", "select x, total from zeta\n");
        files.write("beta.sql", "-- materialized\nselect x, total * 2 as double_total from yview\n");
        files.write("alpha.sql", "-- materialized\nselect x, double_total + 1 as plus_one from beta\n");
        matview.apply();
    }

    // ---------------------------------------------------------------- modes

    @Test
    void autoModeRefreshesConcurrentlyAPopulatedViewWithAUniqueIndexAndPlainlyOtherwiseSayingWhy() {
        files.write("keyed.sql", "-- materialized\n-- unique: id\nselect id, qty from items\n");
        files.write("unkeyed.sql", "-- materialized\nselect id, qty from items\n");
        matview.apply();

        RefreshLogEntry keyed = refreshOne("keyed", RefreshOptions.defaults());
        RefreshLogEntry unkeyed = refreshOne("unkeyed", RefreshOptions.defaults());

        assertThat(keyed.mode()).isEqualTo(RefreshMode.CONCURRENT);
        assertThat(keyed.modeReason()).contains("unique index");
        assertThat(unkeyed.mode()).isEqualTo(RefreshMode.FULL);
        assertThat(unkeyed.modeReason()).contains("no unique index").contains("'-- unique:'");
        // the log keeps the same
        assertThat(matview.refreshHistory("unkeyed", 1)).singleElement().satisfies(e -> {
            assertThat(e.mode()).isEqualTo(RefreshMode.FULL);
            assertThat(e.modeReason()).isEqualTo(unkeyed.modeReason());
        });
    }

    @Test
    void autoModeRefreshesAnUnpopulatedViewPlainlyAndConcurrentModeRefusesIt() {
        files.write("keyed.sql", "-- materialized\n-- unique: id\nselect id, qty from items\n");
        matview.apply();
        execute(db, "refresh materialized view keyed with no data");

        assertThatThrownBy(() -> matview.refresh(List.of("keyed"), RefreshOptions.builder().mode(RefreshMode.CONCURRENT).build()))
                .isInstanceOf(MatviewException.class)
                .hasMessageContaining("no data");
        RefreshLogEntry entry = refreshOne("keyed", RefreshOptions.defaults());

        assertThat(entry.mode()).isEqualTo(RefreshMode.FULL);
        assertThat(entry.modeReason()).contains("no data");
        assertThat(queryLong(db, "select count(*) from keyed")).isEqualTo(3);
    }

    @Test
    void concurrentModeOnAViewWithoutUniqueIndexFailsNamingTheUniqueDirective() {
        files.write("unkeyed.sql", "-- materialized\nselect id, qty from items\n");
        matview.apply();
        long before = generation("unkeyed");

        assertThatThrownBy(() -> matview.refresh(List.of("unkeyed"), RefreshOptions.builder().mode(RefreshMode.CONCURRENT).build()))
                .isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.where()).isEqualTo("public.unkeyed");
                    assertThat(e.what()).contains("unique index");
                    assertThat(e.hint()).contains("-- unique:");
                    assertThat(e.getMessage()).contains("unique:");
                });
        assertThat(generation("unkeyed")).isEqualTo(before);
        assertThat(matview.refreshHistory("unkeyed", 10)).isEmpty();
    }

    @Test
    void fullModeForcesAPlainRefreshEvenWithAUniqueIndex() {
        files.write("keyed.sql", "-- materialized\n-- unique: id\nselect id, qty from items\n");
        matview.apply();

        RefreshLogEntry entry = refreshOne("keyed", RefreshOptions.builder().mode(RefreshMode.FULL).build());

        assertThat(entry.mode()).isEqualTo(RefreshMode.FULL);
        assertThat(entry.modeReason()).contains("full refresh requested");
        assertThat(refreshOne("keyed", RefreshOptions.builder().mode(RefreshMode.CONCURRENT).build()).mode())
                .isEqualTo(RefreshMode.CONCURRENT);
    }

    // ---------------------------------------------------------------- log and NOTIFY

    @Test
    void eachSuccessAdvancesTheGenerationByOneLogsEverythingAndNotifiesAfterCommit() throws Exception {
        files.write("totals.sql", "-- materialized\n-- unique: id\nselect id, qty from items\n");
        matview.apply();
        long start = generation("totals");

        try (Connection listener = db.getConnection(); Connection other = db.getConnection()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN matview_refreshed");
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            for (int i = 1; i <= 3; i++) {
                execute(db, "insert into items values (" + (10 + i) + ", " + i + ")");
                RefreshLogEntry e = refreshOne("totals", RefreshOptions.defaults());

                assertThat(e.status()).isEqualTo(RefreshStatus.OK);
                assertThat(e.ok()).isTrue();
                assertThat(e.generation()).isEqualTo(start + i);
                assertThat(e.rows()).isEqualTo(3 + i);
                assertThat(e.trigger()).isEqualTo(Trigger.MANUAL);
                assertThat(e.mode()).isEqualTo(RefreshMode.CONCURRENT);
                assertThat(e.host()).isNotBlank();
                assertThat(e.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(e.durationMs()).isNotNegative();
                assertThat(e.finishedAt()).isAfterOrEqualTo(e.startedAt());
                assertThat(e.error()).isNull();

                PGNotification[] notes = pg.getNotifications(5000);
                assertThat(notes).isNotNull().hasSize(1);
                assertThat(notes[0].getName()).isEqualTo("matview_refreshed");
                assertThat(notes[0].getParameter()).isEqualTo("{\"view\":\"public.totals\",\"generation\":" + (start + i) + "}");
                // delivered only once committed: another session already sees the new generation
                try (Statement s = other.createStatement(); ResultSet rs = s.executeQuery(
                        "select generation from matview.managed_view where view_name = 'totals'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(start + i);
                }
            }
            assertThat(generation("totals")).isEqualTo(start + 3);
            RefreshLogEntry logged = matview.refreshHistory("totals", 1).get(0);
            assertThat(logged.generation()).isEqualTo(start + 3);
            assertThat(logged.rows()).isEqualTo(6);
            assertThat(logged.trigger()).isEqualTo(Trigger.MANUAL);
            assertThat(logged.mode()).isEqualTo(RefreshMode.CONCURRENT);
            assertThat(logged.host()).isNotBlank();
            assertThat(logged.pid()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aRefreshThatDoesNotCommitSendsNoNotificationAndKeepsTheGeneration() throws Exception {
        files.write("totals.sql", "-- materialized\n-- unique: id\nselect id, qty from items\n");
        matview.apply();
        long before = generation("totals");
        // Make the last step before the commit (logging the success) fail, after the NOTIFY was issued.
        execute(db, """
                create function refuse_ok() returns trigger language plpgsql as $$
                begin
                  if new.status = 'ok' then raise exception 'refusing to log success'; end if;
                  return new;
                end $$""",
                "create trigger refuse_ok before insert on matview.refresh_log for each row execute function refuse_ok()");

        try (Connection listener = db.getConnection()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN matview_refreshed");
            }
            execute(db, "insert into items values (4, 40)");
            RefreshLogEntry e = refreshOne("totals", RefreshOptions.defaults());

            assertThat(e.status()).isEqualTo(RefreshStatus.FAILED);
            assertThat(e.error()).contains("refusing to log success");
            assertThat(listener.unwrap(PGConnection.class).getNotifications(700)).isNullOrEmpty();
            assertThat(generation("totals")).isEqualTo(before);
            assertThat(queryLong(db, "select count(*) from totals")).isEqualTo(3);
        }
    }

    // ---------------------------------------------------------------- cascade

    @Test
    void refreshingAViewRefreshesTheViewsThatReadItAfterItInOrder() {
        writeChain();
        execute(db, "update items set qty = qty + 1");

        List<RefreshLogEntry> entries = matview.refresh("zeta");

        assertThat(views(entries)).containsExactly("zeta", "beta", "alpha");
        assertThat(entries).allMatch(RefreshLogEntry::ok);
        assertThat(entries.get(0).trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(entries.get(1).trigger()).isEqualTo(Trigger.CASCADE);
        assertThat(entries.get(2).trigger()).isEqualTo(Trigger.CASCADE);
        assertThat(entries.get(1).startedAt()).isAfterOrEqualTo(entries.get(0).finishedAt());
        assertThat(entries.get(2).startedAt()).isAfterOrEqualTo(entries.get(1).finishedAt());
        assertThat(queryLong(db, "select plus_one from alpha")).isEqualTo((60 + 3) * 2 + 1);
    }

    @Test
    void withUpstreamRefreshesTheViewsItReadsFirst() {
        writeChain();
        execute(db, "update items set qty = qty + 1");

        List<RefreshLogEntry> entries = matview.refresh(List.of("alpha"), RefreshOptions.builder().upstream(true).build());

        assertThat(views(entries)).containsExactly("zeta", "beta", "alpha");
        assertThat(entries).allMatch(RefreshLogEntry::ok);
        assertThat(queryLong(db, "select plus_one from alpha")).isEqualTo((60 + 3) * 2 + 1);
        // without it, only alpha (and nothing reads alpha)
        assertThat(views(matview.refresh("alpha"))).containsExactly("alpha");
    }

    @Test
    void aFailedRefreshKeepsThePreviousDataLogsTheErrorAndSkipsTheViewsThatReadIt() {
        writeChain();
        long zetaGeneration = generation("zeta");
        execute(db, "delete from gate", "update items set qty = 0");

        List<RefreshLogEntry> entries = matview.refresh("zeta");

        assertThat(views(entries)).containsExactly("zeta", "beta", "alpha");
        RefreshLogEntry zeta = entries.get(0);
        assertThat(zeta.status()).isEqualTo(RefreshStatus.FAILED);
        assertThat(zeta.error()).contains("division by zero");
        assertThat(zeta.generation()).isNull();
        assertThat(entries.get(1).status()).isEqualTo(RefreshStatus.SKIPPED);
        assertThat(entries.get(1).trigger()).isEqualTo(Trigger.CASCADE);
        assertThat(entries.get(1).error()).contains("public.zeta");
        assertThat(entries.get(2).status()).isEqualTo(RefreshStatus.SKIPPED);
        // alpha names the view it reads that was not refreshed (beta, itself skipped because of zeta)
        assertThat(entries.get(2).error()).containsAnyOf("public.zeta", "public.beta");
        assertThat(queryLong(db, "select total from zeta")).isEqualTo(60);
        assertThat(queryLong(db, "select plus_one from alpha")).isEqualTo(121);
        assertThat(generation("zeta")).isEqualTo(zetaGeneration);
        assertThat(matview.refreshHistory("zeta", 1)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(RefreshStatus.FAILED);
            assertThat(e.error()).contains("division by zero");
        });
        assertThat(matview.refreshHistory("alpha", 1).get(0).status()).isEqualTo(RefreshStatus.SKIPPED);
    }

    // ---------------------------------------------------------------- readers

    /** Readers loop on {@code view} while {@code action} runs; returns {longest read, action} in nanoseconds. */
    private long[] readWhile(String view, Runnable action) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong longest = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicLong warmUp = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Future<?>> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readers.add(threads.submit(() -> {
                try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        boolean measured = measuring.get(); // the reads before are the warm-up
                        long t0 = System.nanoTime();
                        try (ResultSet rs = s.executeQuery("select count(*), sum(v) from " + view)) {
                            rs.next();
                            if (rs.getLong(1) != 100) {
                                throw new AssertionError("a reader saw " + rs.getLong(1) + " rows");
                            }
                        }
                        if (measured) {
                            longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                            reads.incrementAndGet();
                        } else {
                            warmUp.incrementAndGet();
                        }
                        Thread.sleep(5); // leave the CPU to the refresh: a busy loop would measure the scheduler
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        waitUntil(WAIT, "the readers warmed up", () -> warmUp.get() >= 20);
        measuring.set(true);
        long t0 = System.nanoTime();
        action.run();
        long actionNanos = System.nanoTime() - t0;
        long readsAfter = reads.get();
        waitUntil(WAIT, "reads after the refresh", () -> reads.get() >= readsAfter + 4);
        stop.set(true);
        for (Future<?> f : readers) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(errors).isEmpty();
        assertThat(reads.get()).isGreaterThan(3);
        return new long[] {longest.get(), actionNanos};
    }

    @Test
    void aConcurrentRefreshNeverBlocksReadersAndAFullRefreshDoes() throws Exception {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id"));
        matview.apply();
        setKnob(db, 1.5);

        long[] full = readWhile("slow", () -> assertThat(
                refreshOne("slow", RefreshOptions.builder().mode(RefreshMode.FULL).build()).ok()).isTrue());
        long[] concurrent = readWhile("slow", () -> assertThat(
                refreshOne("slow", RefreshOptions.builder().mode(RefreshMode.CONCURRENT).build()).ok()).isTrue());

        System.out.printf("readers during refresh: concurrent refresh %d ms, longest read %.1f ms; "
                        + "full refresh %d ms, longest read %.1f ms%n",
                concurrent[1] / 1_000_000, concurrent[0] / 1e6, full[1] / 1_000_000, full[0] / 1e6);
        assertThat(concurrent[1]).isGreaterThan(1_400_000_000L);
        assertThat(full[1]).isGreaterThan(1_400_000_000L);
        assertThat(concurrent[0]).isLessThan(concurrent[1] / 4);
        assertThat(full[0]).isGreaterThan(full[1] / 2);
        assertThat(full[0]).isGreaterThan(5 * concurrent[0]);
    }

    // ---------------------------------------------------------------- once across processes

    @Test
    void twoRefreshersOfTheSameViewTakeTurnsAndBothSucceed() throws Exception {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id"));
        matview.apply();
        long start = generation("slow");
        setKnob(db, 1.0);
        CountDownLatch go = new CountDownLatch(1);
        Callable<RefreshLogEntry> refresh = () -> {
            Refresher own = new Refresher(db); // another "process": its own instance and connections
            go.await();
            List<RefreshLogEntry> entries = own.refresh(List.of(name("slow")), RefreshOptions.defaults());
            assertThat(entries).hasSize(1);
            return entries.get(0);
        };
        Future<RefreshLogEntry> one = threads.submit(refresh);
        Future<RefreshLogEntry> two = threads.submit(refresh);
        go.countDown();
        List<RefreshLogEntry> done = new ArrayList<>(List.of(one.get(20, TimeUnit.SECONDS), two.get(20, TimeUnit.SECONDS)));
        done.sort(Comparator.comparing(RefreshLogEntry::generation));

        System.out.printf("two refreshers: first %s..%s (%d ms), second %s..%s (%d ms)%n",
                done.get(0).startedAt(), done.get(0).finishedAt(), done.get(0).durationMs(),
                done.get(1).startedAt(), done.get(1).finishedAt(), done.get(1).durationMs());
        assertThat(done).allMatch(RefreshLogEntry::ok);
        assertThat(done).extracting(RefreshLogEntry::generation).containsExactly(start + 1, start + 2);
        // the second REFRESH (≥ 1 s of work) ran wholly after the first had committed
        assertThat(Duration.between(done.get(0).finishedAt(), done.get(1).finishedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(generation("slow")).isEqualTo(start + 2);
    }

    @Test
    void theLogShowsTwoRefreshesOfTheSameViewNeverOverlapping() throws Exception {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id"));
        matview.apply();
        setKnob(db, 1.0);
        CountDownLatch go = new CountDownLatch(1);
        Callable<RefreshLogEntry> refresh = () -> {
            Refresher own = new Refresher(db);
            go.await();
            return own.refresh(List.of(name("slow")), RefreshOptions.defaults()).get(0);
        };
        Future<RefreshLogEntry> one = threads.submit(refresh);
        Future<RefreshLogEntry> two = threads.submit(refresh);
        go.countDown();
        List<RefreshLogEntry> done = new ArrayList<>(List.of(one.get(20, TimeUnit.SECONDS), two.get(20, TimeUnit.SECONDS)));
        done.sort(Comparator.comparing(RefreshLogEntry::generation));

        assertThat(done.get(1).startedAt()).isAfterOrEqualTo(done.get(0).finishedAt());
    }

    @Test
    void aManualRefreshThatCannotGetTheLockInTimeIsSkippedNamingWhoHoldsIt() throws Exception {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id"));
        matview.apply();
        long start = generation("slow");
        setKnob(db, 4.0);
        Future<List<RefreshLogEntry>> holder = threads.submit(() ->
                new Refresher(db).refresh(List.of(name("slow")), RefreshOptions.defaults()));
        waitUntil(WAIT, "the first refresh runs", () -> refreshesRunning(db) == 1);

        long t0 = System.nanoTime();
        RefreshLogEntry skipped = refreshOne("slow", RefreshOptions.builder().lockWait(Duration.ofMillis(200)).build());
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;

        System.out.println("skipped after " + waitedMs + " ms: " + skipped.error());
        assertThat(skipped.status()).isEqualTo(RefreshStatus.SKIPPED);
        assertThat(skipped.mode()).isNull();
        assertThat(skipped.generation()).isNull();
        assertThat(skipped.error()).contains("200ms").contains("held by").contains("matview refresh");
        assertThat(waitedMs).as("well before the holder ends").isLessThan(3000);
        assertThat(holder.get(20, TimeUnit.SECONDS)).singleElement().satisfies(e -> assertThat(e.ok()).isTrue());
        assertThat(generation("slow")).isEqualTo(start + 1);
        assertThat(matview.refreshHistory("slow", 10)).extracting(RefreshLogEntry::status)
                .containsExactly(RefreshStatus.SKIPPED, RefreshStatus.OK); // newest start first
    }

    // ---------------------------------------------------------------- timeout and cancel

    @Test
    void aRefreshLongerThanItsTimeoutFailsSayingSoAndKeepsThePreviousData() {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id\n-- timeout: 1s"));
        matview.apply();
        long before = generation("slow");
        setKnob(db, 6);

        RefreshLogEntry e = refreshOne("slow", RefreshOptions.defaults());

        System.out.println("timed out after " + e.durationMs() + " ms: " + e.error());
        assertThat(e.status()).isEqualTo(RefreshStatus.FAILED);
        assertThat(e.error()).contains("timeout").contains("1 second").contains("-- timeout:");
        assertThat(e.durationMs()).as("the 1 s timeout, far from the 6 s query").isBetween(900L, 4500L);
        assertThat(queryLong(db, "select count(*) from slow")).isEqualTo(100);
        assertThat(generation("slow")).isEqualTo(before);
        assertThat(matview.refreshHistory("slow", 1).get(0).status()).isEqualTo(RefreshStatus.FAILED);
    }

    @Test
    void cancelRunningStopsALongRefreshKeepsTheDataAndStartsNoOther() throws Exception {
        createKnob(db);
        files.write("slow.sql", slowView("-- materialized\n-- unique: id"));
        matview.apply();
        long before = generation("slow");
        setKnob(db, 10);
        Refresher refresher = new Refresher(db);
        long t0 = System.nanoTime();
        Future<List<RefreshLogEntry>> running = threads.submit(() ->
                refresher.refresh(List.of(name("slow")), RefreshOptions.defaults()));
        waitUntil(WAIT, "the refresh runs", () -> refreshesRunning(db) == 1 && refresher.busy());

        refresher.cancelRunning();
        List<RefreshLogEntry> entries = running.get(20, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(tookMs).as("far from the 10 s query").isLessThan(7000);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(RefreshStatus.CANCELLED);
            assertThat(e.error()).contains("cancelled");
        });
        assertThat(refresher.busy()).isFalse();
        assertThat(queryLong(db, "select count(*) from slow")).isEqualTo(100);
        assertThat(generation("slow")).isEqualTo(before);
        assertThat(matview.refreshHistory("slow", 1).get(0).status()).isEqualTo(RefreshStatus.CANCELLED);

        setKnob(db, 0);
        assertThat(refresher.refresh(List.of(name("slow")), RefreshOptions.defaults())).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(RefreshStatus.CANCELLED));
        assertThat(generation("slow")).isEqualTo(before);
    }

    // ---------------------------------------------------------------- names, refreshAll, history, prune

    @Test
    void refreshingAnUnknownOrMissingViewFailsSayingWhatToDo() {
        writeChain();

        assertThatThrownBy(() -> matview.refresh("nope"))
                .isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.what()).contains("no managed view named public.nope");
                    assertThat(e.hint()).isNotBlank();
                });
        assertThatThrownBy(() -> matview.refresh(List.of(), RefreshOptions.defaults()))
                .isInstanceOf(MatviewException.class);
        execute(db, "drop materialized view alpha");
        assertThatThrownBy(() -> matview.refresh("alpha"))
                .isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.what()).contains("missing");
                    assertThat(e.hint()).contains("apply");
                });
        assertThat(matview.refreshHistory(100)).isEmpty();
    }

    @Test
    void refreshingAPlainViewRefreshesTheMaterializedViewsThatReadIt() {
        writeChain();
        execute(db, "update items set qty = qty + 1");

        List<RefreshLogEntry> entries = matview.refresh("yview");

        assertThat(views(entries)).containsExactly("beta", "alpha");
        assertThat(entries).allMatch(RefreshLogEntry::ok);
        // zeta was not refreshed, so beta still reads zeta's old total
        assertThat(queryLong(db, "select plus_one from alpha")).isEqualTo(121);
        assertThat(matview.refreshHistory("yview", 10)).isEmpty();
    }

    @Test
    void refreshAllRefreshesEveryMaterializedViewOnceInDependencyOrder() {
        writeChain();
        files.write("lonely.sql", "-- materialized\nselect count(*) as n from items\n");
        matview.apply();
        execute(db, "update items set qty = qty + 1");

        List<RefreshLogEntry> entries = matview.refreshAll(RefreshOptions.defaults());

        assertThat(views(entries)).containsExactlyInAnyOrder("zeta", "beta", "alpha", "lonely");
        assertThat(views(entries)).containsSubsequence("zeta", "beta", "alpha");
        assertThat(entries).allMatch(RefreshLogEntry::ok);
        assertThat(queryLong(db, "select plus_one from alpha")).isEqualTo((60 + 3) * 2 + 1);
    }

    @Test
    void historyIsNewestFirstFilteredByViewAndLimited() {
        writeChain();
        matview.refresh("zeta");
        matview.refresh("beta");
        matview.refresh("zeta");

        List<RefreshLogEntry> zeta = matview.refreshHistory("zeta", 10);
        List<RefreshLogEntry> all = matview.refreshHistory(100);

        assertThat(zeta).hasSize(2).allMatch(e -> e.view().equals(name("zeta")));
        assertThat(zeta.get(0).generation()).isGreaterThan(zeta.get(1).generation());
        assertThat(all).hasSize(3 + 2 + 3);
        assertThat(all).isSortedAccordingTo(Comparator.comparing(RefreshLogEntry::startedAt).reversed());
        assertThat(views(all).subList(0, 3)).containsExactly("alpha", "beta", "zeta");
        assertThat(matview.refreshHistory("alpha", 2)).hasSize(2);
        assertThat(matview.refreshHistory("public.alpha", 100)).hasSize(3);
    }

    @Test
    void pruneDeletesOnlyTheEntriesOlderThanItKeeps() {
        writeChain();
        matview.refresh("zeta");
        matview.refresh("zeta");
        List<RefreshLogEntry> all = matview.refreshHistory(100);
        assertThat(all).hasSize(6);
        long oldId = all.get(all.size() - 1).id();
        execute(db, "update matview.refresh_log set started_at = started_at - interval '40 days', "
                + "finished_at = finished_at - interval '40 days' where id <= " + (oldId + 2));

        int deleted = new Refresher(db).log().prune(Duration.ofDays(30));

        assertThat(deleted).isEqualTo(3);
        assertThat(matview.refreshHistory(100)).hasSize(3).allMatch(e -> e.id() > oldId + 2);
        assertThat(new Refresher(db).log().prune(Duration.ofDays(30))).isZero();
    }

    @Test
    void lastRefreshesHoldsTheNewestAttemptOfEachViewWhateverItsOutcome() {
        writeChain();
        matview.refresh("zeta");
        execute(db, "delete from gate");
        matview.refresh("zeta"); // fails: zeta logs failed, beta and alpha skipped

        var last = matview.lastRefreshes();

        assertThat(last.keySet()).containsExactlyInAnyOrder(name("zeta"), name("beta"), name("alpha"));
        assertThat(last.get(name("zeta")).status()).isEqualTo(RefreshStatus.FAILED);
        assertThat(last.get(name("beta")).status()).isEqualTo(RefreshStatus.SKIPPED);
        assertThat(last.get(name("zeta")).id()).isEqualTo(matview.refreshHistory("zeta", 1).get(0).id());
    }

    @Test
    void qualifiedNameOverloadsNameViewsExactly() {
        writeChain();

        List<RefreshLogEntry> entries = matview.refresh(RefreshOptions.builder().mode(RefreshMode.FULL).build(),
                name("zeta"));

        assertThat(views(entries)).containsExactly("zeta", "beta", "alpha");
        assertThat(entries).allMatch(e -> e.mode() == RefreshMode.FULL);
        assertThat(matview.refreshHistory(name("zeta"), 10)).hasSize(1);
        assertThat(matview.definitions(name("alpha"))).hasSize(1);
        assertThatThrownBy(() -> matview.refreshHistory(name("nope"), 10)).isInstanceOf(MatviewException.class);
        assertThatThrownBy(() -> matview.refresh(new QualifiedName[0])).isInstanceOf(MatviewException.class);
    }
}
