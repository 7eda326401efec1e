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
import java.util.Locale;

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

    static void run(String url, Path viewsDir, String view, int pairs, long serverPid, Path out)
            throws SQLException, IOException, InterruptedException {
        Matview matview = Matview.configure().url(url, BenchMain.USER, null).viewsDirectory(viewsDir).load();
        List<String> views = List.of(view);
        RefreshOptions options = RefreshOptions.defaults();
        try (Connection plain = DriverManager.getConnection(url, BenchMain.USER, "");
             PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            plain.setAutoCommit(true);
            String bare = "REFRESH MATERIALIZED VIEW CONCURRENTLY " + view;
            tsv.println("pair\tposition\tvariant\tclient_ms\tlogged_ms\tothers_pct\twaited_s");
            CpuMeter meter = new CpuMeter(serverPid);

            System.out.println("warm-up: one untimed refresh of each kind");
            bare(plain, bare);
            matviewRefresh(matview, views, options);

            for (int pair = 1; pair <= pairs; pair++) {
                boolean bareFirst = pair % 2 == 1;
                for (int position = 1; position <= 2; position++) {
                    boolean doBare = (position == 1) == bareFirst;
                    int waited = meter.waitForQuiet(15, 20);
                    meter.start();
                    if (doBare) {
                        double ms = bare(plain, bare);
                        double others = meter.othersPercent();
                        tsv.printf(Locale.ROOT, "%d\t%d\ta\t%.2f\t\t%.1f\t%d%n", pair, position, ms, others, waited);
                        System.out.printf(Locale.ROOT, "pair %d  (a) bare REFRESH ... CONCURRENTLY   %9.1f ms"
                                + "                  others: %4.1f %%%n", pair, ms, others);
                    } else {
                        long t0 = System.nanoTime();
                        List<RefreshLogEntry> log = matviewRefresh(matview, views, options);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        double others = meter.othersPercent();
                        long logged = log.get(0).durationMs();
                        tsv.printf(Locale.ROOT, "%d\t%d\tb\t%.2f\t%d\t%.1f\t%d%n", pair, position, ms, logged, others,
                                waited);
                        System.out.printf(Locale.ROOT, "pair %d  (b) matview.refresh(...)           %9.1f ms"
                                + "  (logged: %5d ms)  others: %4.1f %%%n", pair, ms, logged, others);
                    }
                    tsv.flush();
                }
            }
        }
        // For the explanation of the overhead: what opening a connection costs here (Matview's URL data
        // source opens one per getConnection(), and a refresh takes two).
        List<Double> connects = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            long t0 = System.nanoTime();
            try (Connection c = matview.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("select 1");
            }
            if (i > 0) {
                connects.add((System.nanoTime() - t0) / 1e6);
            }
        }
        double connectMs = Report.median(connects);
        System.out.printf(Locale.ROOT, "opening a connection and running one query: median %.1f ms%n", connectMs);
        Files.writeString(out.resolveSibling("refresh-extra.properties"),
                String.format(Locale.ROOT, "connect_ms=%.1f%n", connectMs));
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
