package io.matview.internal.refresh;

import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.catalog.ViewStatus;
import io.matview.internal.db.SqlResource;
import io.matview.internal.observe.Observer;
import io.matview.observe.RefreshStats;
import io.matview.refresh.RefreshStatus;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log grows with every refresh (30 days of a view refreshed every minute are 43,200 entries), while the
 * scheduler reads each view's failures on every tick and a metrics scrape the last attempt of each view.
 * Those reads go by index to the entries they need, never through the whole log, and still give the right
 * answers: checked on a log of 60,000 entries by PostgreSQL's own count of the log's rows and index entries
 * each read touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshLogReadsTest {
    private static final int ENTRIES_PER_VIEW = 20_000;

    private DataSource db;
    private Matview matview;

    @BeforeAll
    void aLongLog(@TempDir Path dir) {
        db = TestDatabase.fresh();
        execute(db, "create table items (id int primary key, qty int not null)", "insert into items values (1, 10)");
        ViewFiles files = new ViewFiles(dir);
        for (String v : new String[] {"a", "b", "c"}) {
            files.write(v + ".sql", "-- materialized\n-- unique: id\nselect id, qty from items\n");
        }
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        matview.apply();
        // every minute for two weeks, all fine but for a's three failures an hour ago, after its data last changed
        execute(db, """
                insert into matview.refresh_log (schema_name, view_name, trigger, mode, mode_reason, status, started_at,
                                                 finished_at, duration_ms, rows, generation, error, host, pid)
                select 'public', v, 'schedule', 'concurrent', 'test', case when v = 'a' and g between 60 and 62 then 'failed' else 'ok' end,
                       now() - g * interval '1 minute', now() - g * interval '1 minute', 10, 1, 1,
                       case when v = 'a' and g between 60 and 62 then 'boom ' || g end, 'test', 1
                from unnest(array['a', 'b', 'c']) v, generate_series(1, %d) g
                """.formatted(ENTRIES_PER_VIEW),
                "update matview.managed_view set refreshed_at = now() - interval '2 hours'",
                "analyze matview.refresh_log");
    }

    @Test
    void theSchedulersFailureCountReadsOnlyTheFailedEntries() throws Exception {
        assertThat(entriesTouched(SqlResource.load(RefreshLog.class, "failures.sql"))).isLessThan(100);

        try (Connection c = db.getConnection()) {
            Map<QualifiedName, RefreshLog.Failures> failures = new RefreshLog(db).failures(c);
            assertThat(failures).containsOnlyKeys(new QualifiedName("public", "a"));
            assertThat(failures.get(new QualifiedName("public", "a")).count()).isEqualTo(3);
        }
    }

    @Test
    void theLastAttemptOfEachViewIsOneIndexProbePerView() throws Exception {
        assertThat(entriesTouched(SqlResource.load(RefreshLog.class, "last-per-view.sql"))).isLessThan(100);

        var last = matview.lastRefreshes();
        assertThat(last).hasSize(3);
        assertThat(last.values()).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(RefreshStatus.OK);
            assertThat(e.startedAt()).isAfter(java.time.Instant.now().minusSeconds(5 * 60));
        });
    }

    @Test
    void statusReadsTheLatestSuccessesAndTheFailuresOnly() throws Exception {
        // the statistics read the latest WINDOW successes of each view; the failure count must not add the rest of the log
        String stats = SqlResource.load(Observer.class, "refresh-stats.sql").replace("?", Integer.toString(RefreshStats.WINDOW));
        assertThat(entriesTouched(stats)).isLessThan(3 * 3 * RefreshStats.WINDOW);

        ViewStatus a = matview.status().stream().filter(s -> s.name().name().equals("a")).findFirst().orElseThrow();
        assertThat(a.refreshes().failures()).isEqualTo(3);
    }

    /** The log's rows and index entries that running {@code sql} read, as PostgreSQL counts them for the transaction. */
    private long entriesTouched(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select pg_stat_get_xact_tuples_returned(t.oid) + pg_stat_get_xact_tuples_fetched(t.oid)
                           + (select coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)
                              from pg_index i where i.indrelid = t.oid)
                    from (select 'matview.refresh_log'::regclass::oid as oid) t
                    """)) {
                rs.next();
                long touched = rs.getLong(1);
                c.rollback();
                return touched;
            }
        }
    }
}
