package io.matview.internal.incremental;

import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random base tables and random batches of inserts, updates and deletes, inside and outside the window:
 * after every incremental refresh the view equals its query; a real-time view equals it on every read, with
 * no refresh in between, for changes from its watermark on. Without tracking, batches stay inside the window:
 * what such a view promises. Tracked views also get their late-data cutoff moved back at random (as after failed
 * renewals) and writers whose transactions stay open across a refresh and its renewal. More seeds: {@code -Dmatview.incremental.seeds=200}.
 */
class IncrementalRandomizedTest {
    private static final String QUERY = """
            select date_trunc('day', e.at)::date as day, e.kind, count(*) as events, sum(e.amount) as amount,
                   max(e.amount) as biggest, count(distinct e.amount % 7) as classes
            from events e
            where e.amount <> 13
            group by 1, e.kind
            having count(*) > 0
            """;
    private static final String[] ZONES = {"UTC", "Asia/Tokyo", "America/Los_Angeles"};

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(1, 1 + Long.getLong("matview.incremental.seeds", 6));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyRefreshAndEveryRealTimeReadEqualsTheQuery(long seed) throws SQLException {
        Random random = new Random(seed);
        boolean tracked = random.nextBoolean() || seed == 1;
        boolean realTime = random.nextBoolean() || seed == 2;
        String zone = ZONES[random.nextInt(ZONES.length)];
        DataSource db = TestDatabase.fresh();
        execute(db, "create table events (id bigserial primary key, at timestamptz not null, kind int not null, amount int not null)",
                "create index on events (at)");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("set timezone = '" + zone + "'");
            insert(s, random, 200 + random.nextInt(800), 60);
            new ViewFiles(dir).write("daily.sql", "-- incremental: by day from events.at, window " + (1 + random.nextInt(3))
                    + " days, time zone " + zone + (realTime ? ", real-time" : "") + (tracked ? "" : ", untracked") + "\n" + QUERY);
            Matview matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
            matview.apply();
            assertThat(difference(s)).as("after apply").isZero();
            boolean lateSinceRefresh = false;
            for (int round = 0; round < 8; round++) {
                for (int batch = random.nextInt(4); batch >= 0; batch--) {
                    // untracked: only inside the window (the last 24 hours are inside any window drawn above)
                    boolean late = tracked && random.nextBoolean();
                    int reach = late ? 60 : 1;
                    lateSinceRefresh |= late;
                    switch (random.nextInt(3)) {
                        case 0 -> insert(s, random, 1 + random.nextInt(40), reach);
                        case 1 -> s.execute("update events set amount = amount + " + (random.nextInt(20) - 10)
                                + ", kind = (kind + " + random.nextInt(2) + ") % 4 where id % " + (2 + random.nextInt(9))
                                + " = 0 and at > now() - interval '" + (reach * 24) + " hours'");
                        default -> s.execute("delete from events where id % " + (3 + random.nextInt(20)) + " = 0 and at > now() - "
                                + "interval '" + (reach * 24) + " hours'");
                    }
                    if (realTime && !lateSinceRefresh) {
                        assertThat(difference(s)).as("seed %d round %d: a real-time read, no refresh", seed, round).isZero();
                    }
                }
                if (tracked && random.nextInt(3) == 0) {
                    // the state after renewals failed for days (writers held the table), or at any moment of a day
                    String older = "(now() - interval '" + random.nextInt(60 * 24 * 60) + " minutes')::text";
                    try (ResultSet rs = s.executeQuery("select " + older)) {
                        rs.next();
                        IncrementalViews.renewCutoff(c, new QualifiedName("public", "daily"), rs.getString(1));
                    }
                }
                // a writer whose transaction stays open across the refresh and its renewal of the cutoff
                try (Connection open = db.getConnection(); Statement w = open.createStatement()) {
                    boolean writing = tracked && random.nextInt(3) == 0;
                    if (writing) {
                        open.setAutoCommit(false);
                        insert(w, random, 1 + random.nextInt(20), 60);
                    }
                    if (random.nextInt(3) > 0) {
                        matview.refresh("daily");
                        lateSinceRefresh = false;
                        assertThat(difference(s)).as("seed %d round %d: after an incremental refresh", seed, round).isZero();
                    }
                    if (writing) {
                        open.commit();
                        lateSinceRefresh = true;
                    }
                }
            }
        }
    }

    /** Rows at random times over the last {@code days} days: inside any window when {@code days} is 1. */
    private static void insert(Statement s, Random random, int rows, int days) throws SQLException {
        StringBuilder sql = new StringBuilder("insert into events (at, kind, amount) values ");
        for (int i = 0; i < rows; i++) {
            long minutes = (long) (random.nextDouble() * days * 24 * 60);
            sql.append(i == 0 ? "" : ", ").append("(now() - interval '").append(minutes).append(" minutes', ")
                    .append(random.nextInt(4)).append(", ").append(random.nextInt(100)).append(')');
        }
        s.execute(sql.toString());
    }

    private static long difference(Statement s) throws SQLException {
        String query = "(select * from (" + QUERY + ") q)";
        try (ResultSet rs = s.executeQuery("select (select count(*) from (table daily except all " + query + ") a)"
                + " + (select count(*) from (" + query + " except all table daily) b)")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
