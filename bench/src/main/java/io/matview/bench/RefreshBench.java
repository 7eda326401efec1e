package io.matview.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark 1: what Matview's refresh costs on top of the bare statement.
 *
 * <ul>
 *   <li>(a) {@code REFRESH MATERIALIZED VIEW CONCURRENTLY v} on a plain JDBC connection, opened once
 *       before the runs and kept: the cheapest way a hand-written job can do it;
 *   <li>(b) {@code matview.refresh(List.of(v), RefreshOptions.defaults())} on a Matview configured with
 *       {@code url(...)}, as the CLI and the examples do: it picks the mode, takes the advisory lock,
 *       refreshes, counts, advances the generation and writes the log, on connections it opens;
 *   <li>(c), for the explanation only: the same call on a Matview configured with a HikariCP pool
 *       ({@code dataSource(pool)}), as under Spring Boot;
 *   <li>(d), for the explanation only: the bare statement on a connection opened for it and closed
 *       after, as a job without a pool does (so on a new PostgreSQL backend each time, like (b)).
 * </ul>
 * All are timed end to end in this client. One untimed warm-up of each first, then {@code rounds}
 * rounds, the order rotating from round to round (a b c d, b c d a, c d a b, ...) so that a drift
 * (caches, autovacuum, checkpoints) weighs on every variant alike.
 */
final class RefreshBench {
    private RefreshBench() {
    }

    static void run(String url, Path viewsDir, String view, int rounds, long serverPid, Path out)
            throws SQLException, IOException, InterruptedException {
        Matview matview = Matview.configure().url(url, BenchMain.USER, null).viewsDirectory(viewsDir).load();
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl(url);
        poolConfig.setUsername(BenchMain.USER);
        poolConfig.setMaximumPoolSize(2);
        poolConfig.setPoolName("bench");
        List<String> views = List.of(view);
        RefreshOptions options = RefreshOptions.defaults();
        try (HikariDataSource pool = new HikariDataSource(poolConfig);
             Connection plain = DriverManager.getConnection(url, BenchMain.USER, "");
             PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            Matview pooled = Matview.configure().dataSource(pool).viewsDirectory(viewsDir).load();
            plain.setAutoCommit(true);
            String bare = "REFRESH MATERIALIZED VIEW CONCURRENTLY " + view;
            tsv.println("round\tposition\tvariant\tclient_ms\tlogged_ms\tothers_pct\twaited_s\tattempt");
            int maxAttempts = BenchMain.attempts(3);
            CpuMeter meter = new CpuMeter(serverPid);

            System.out.println("warm-up: one untimed refresh of each kind");
            bare(plain, bare);
            matviewRefresh(matview, views, options);
            matviewRefresh(pooled, views, options);
            fresh(url, bare);

            String[] variants = {"a", "b", "c", "d"};
            for (int round = 1; round <= rounds; round++) {
                for (int position = 1; position <= variants.length; position++) {
                    String variant = variants[(round - 1 + position - 1) % variants.length];
                    String label = switch (variant) {
                        case "a" -> "(a) bare REFRESH ... CONCURRENTLY";
                        case "b" -> "(b) matview.refresh(...)";
                        case "c" -> "(c) matview.refresh(...), pooled";
                        default -> "(d) bare REFRESH, new connection";
                    };
                    for (int attempt = 1; ; attempt++) {
                        int waited = meter.waitForQuiet(BenchMain.QUIET_PERCENT, BenchMain.QUIET_WAIT_SECONDS);
                        meter.start();
                        long t0 = System.nanoTime();
                        Long logged = switch (variant) {
                            case "a" -> {
                                bare(plain, bare);
                                yield null;
                            }
                            case "b" -> matviewRefresh(matview, views, options).get(0).durationMs();
                            case "c" -> matviewRefresh(pooled, views, options).get(0).durationMs();
                            default -> {
                                fresh(url, bare);
                                yield null;
                            }
                        };
                        double ms = (System.nanoTime() - t0) / 1e6;
                        double others = meter.othersPercent();
                        if (others > Report.DISTURBED_PERCENT && attempt < maxAttempts && BenchMain.timeLeft()) {
                            System.out.printf(Locale.ROOT, "round %d  %-34s %9.1f ms  DISCARDED: other processes took "
                                    + "%.1f %% of the machine; again%n", round, label, ms, others);
                            Files.writeString(out.resolveSibling("discarded.tsv"), String.format(Locale.ROOT,
                                    "refresh\t%d\t%s\t%.1f\t%.1f%n", round, variant, ms, others),
                                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                            continue;
                        }
                        tsv.printf(Locale.ROOT, "%d\t%d\t%s\t%.2f\t%s\t%.1f\t%d\t%d%n", round, position, variant, ms,
                                logged == null ? "" : logged, others, waited, attempt);
                        System.out.printf(Locale.ROOT, "round %d  %-34s %9.1f ms  %s  others: %4.1f %%%n", round,
                                label, ms, logged == null ? "                 "
                                        : String.format(Locale.ROOT, "(logged: %5d ms)", logged), others);
                        break;
                    }
                    tsv.flush();
                }
            }
        }
        // For the explanation of the overhead: what opening a connection costs here (Matview's URL data
        // source opens one per getConnection(), and a refresh takes two).
        List<Double> connects = new ArrayList<>();
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

    private static void fresh(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, BenchMain.USER, "")) {
            bare(c, sql);
        }
    }

    private static void bare(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<RefreshLogEntry> matviewRefresh(Matview matview, List<String> views, RefreshOptions options) {
        List<RefreshLogEntry> log = matview.refresh(views, options);
        if (log.size() != 1 || log.get(0).status() != RefreshStatus.OK || log.get(0).mode() != RefreshMode.CONCURRENT) {
            throw new IllegalStateException("expected one successful concurrent refresh, got " + log);
        }
        return log;
    }
}
