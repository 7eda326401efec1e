package io.matview.bench;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.refresh.RefreshStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Benchmark 1: what Matview's refresh costs on top of the bare statement.
 *
 * <p>(a) {@code REFRESH MATERIALIZED VIEW CONCURRENTLY v} on a plain JDBC connection, opened once
 * before the runs and kept (the cheapest way a hand-written job can do it); (b)
 * {@code matview.refresh(List.of(v), RefreshOptions.defaults())}, which picks the mode, takes the
 * advisory lock, refreshes, counts, advances the generation and writes the log, on connections of
 * its own. Both are timed end to end in this client. One untimed warm-up of each first, then
 * {@code pairs} pairs, the order inside a pair alternating (a b, b a, a b, ...) so that a drift
 * (caches, autovacuum, checkpoints) weighs on both sides alike.
 */
final class RefreshBench {
    private RefreshBench() {
    }

    static void run(String url, Path viewsDir, String view, int pairs, Path out) throws SQLException, IOException {
        Matview matview = Matview.configure().url(url, BenchMain.USER, null).viewsDirectory(viewsDir).load();
        List<String> views = List.of(view);
        RefreshOptions options = RefreshOptions.defaults();
        try (Connection plain = DriverManager.getConnection(url, BenchMain.USER, "");
             PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            plain.setAutoCommit(true);
            String bare = "REFRESH MATERIALIZED VIEW CONCURRENTLY " + view;
            tsv.println("pair\tposition\tvariant\tclient_ms\tlogged_ms");

            System.out.println("warm-up: one untimed refresh of each kind");
            bare(plain, bare);
            matviewRefresh(matview, views, options);

            for (int pair = 1; pair <= pairs; pair++) {
                boolean bareFirst = pair % 2 == 1;
                for (int position = 1; position <= 2; position++) {
                    boolean doBare = (position == 1) == bareFirst;
                    if (doBare) {
                        double ms = bare(plain, bare);
                        tsv.printf("%d\t%d\ta\t%.2f\t%n", pair, position, ms);
                        System.out.printf("pair %d  (a) bare REFRESH ... CONCURRENTLY   %9.1f ms%n", pair, ms);
                    } else {
                        long t0 = System.nanoTime();
                        List<RefreshLogEntry> log = matviewRefresh(matview, views, options);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        long logged = log.get(0).durationMs();
                        tsv.printf("%d\t%d\tb\t%.2f\t%d%n", pair, position, ms, logged);
                        System.out.printf("pair %d  (b) matview.refresh(...)           %9.1f ms  (logged: %d ms)%n",
                                pair, ms, logged);
                    }
                    tsv.flush();
                }
            }
        }
    }

    private static double bare(Connection c, String sql) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static List<RefreshLogEntry> matviewRefresh(Matview matview, List<String> views, RefreshOptions options) {
        List<RefreshLogEntry> log = matview.refresh(views, options);
        if (log.size() != 1 || log.get(0).status() != RefreshStatus.OK || log.get(0).mode() != RefreshMode.CONCURRENT) {
            throw new IllegalStateException("expected one successful concurrent refresh, got " + log);
        }
        return log;
    }
}
