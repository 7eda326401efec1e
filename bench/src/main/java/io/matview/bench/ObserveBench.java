package io.matview.bench;

import io.matview.Matview;
import io.matview.observe.DriftEstimate;
import io.matview.observe.DriftMode;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.view.QualifiedName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark 7, what observing costs: {@code Matview.status()} over {@code views} managed views (each
 * with a refresh log of 100 entries, or {@code log=N}, one every 10 minutes and one in 500 failed), how much slower {@code REFRESH … CONCURRENTLY} is with a
 * unique key holding nulls (at several sizes, to show how it grows), and drift on a view over
 * {@code sourceRows} rows (the estimate, then the checksum and sampled modes; the full mode only with
 * {@code full}). Prints one line per figure.
 */
final class ObserveBench {
    private static final int STATUS_ROUNDS = 30;
    private static final int REFRESH_ROUNDS = 5;

    /** What to run and at which sizes: the trailing {@code key=value} arguments of the driver. */
    record Options(boolean full, Set<String> parts, List<Long> nullKeySizes, Duration cap, int logEntries) {
        static final Set<String> PARTS = Set.of("status", "nullkey", "drift");

        static Options parse(List<String> args) {
            boolean full = false;
            Set<String> parts = PARTS;
            List<Long> sizes = List.of(10_000L, 100_000L, 300_000L);
            Duration cap = Duration.ofSeconds(120);
            int logEntries = 100;
            for (String a : args) {
                String value = a.substring(a.indexOf('=') + 1);
                if (a.equals("full")) {
                    full = true;
                } else if (a.startsWith("parts=")) {
                    parts = Set.of(value.split(","));
                    if (!PARTS.containsAll(parts)) {
                        throw new IllegalArgumentException("parts are " + PARTS + ", got " + value);
                    }
                } else if (a.startsWith("nullkey=")) {
                    sizes = Arrays.stream(value.split(",")).map(Long::parseLong).toList();
                } else if (a.startsWith("cap=")) {
                    cap = Duration.ofSeconds(Long.parseLong(value));
                } else if (a.startsWith("log=")) {
                    logEntries = Integer.parseInt(value);
                } else {
                    throw new IllegalArgumentException("unknown argument " + a + ": full, parts=status,nullkey,drift, "
                            + "nullkey=ROWS,ROWS,..., cap=SECONDS, log=ENTRIES");
                }
            }
            return new Options(full, parts, sizes, cap, logEntries);
        }
    }

    private ObserveBench() {
    }

    static void run(String url, int views, long sourceRows, Options options) throws Exception {
        if (options.parts().contains("nullkey")) {
            nullableKey(url, options.nullKeySizes(), options.cap());
        }
        if (options.parts().contains("status") || options.parts().contains("drift")) {
            statusAndDrift(url, options.parts().contains("status") ? views : 0, sourceRows, options);
        }
    }

    private static void statusAndDrift(String url, int views, long sourceRows, Options options) throws Exception {
        Path dir = Files.createTempDirectory("observe-bench");
        try (Connection c = DriverManager.getConnection(url, BenchMain.USER, null); Statement s = c.createStatement()) {
            s.execute("drop schema if exists obs cascade");
            s.execute("create schema obs");
            // one INSERT … SELECT, then the key: 10M rows in well under a minute
            long t = System.nanoTime();
            s.execute("create table obs.src (id bigint not null, grp int not null, val int not null)");
            s.execute("insert into obs.src select g, g % 1000, g % 97 from generate_series(1, " + sourceRows + ") g");
            s.execute("alter table obs.src add primary key (id)");
            s.execute("analyze obs.src");
            System.out.printf("%d source rows generated in %d ms%n", sourceRows, (System.nanoTime() - t) / 1_000_000);
        }
        for (int i = 0; i < views; i++) {
            Files.writeString(dir.resolve("obs.v" + i + ".sql"), "-- materialized\n-- unique: grp\n-- refresh: every 10 minutes\n"
                    + "select grp, count(*) as n, sum(val) as total from obs.src where grp % " + views + " = " + i + " group by grp\n");
        }
        Files.writeString(dir.resolve("obs.big.sql"), "-- materialized\n-- unique: id\nselect id, grp, val * 2 as v from obs.src\n");
        try (Matview matview = Matview.configure().url(url, BenchMain.USER, null).viewsDirectory(dir).load()) {
            long t = System.nanoTime();
            matview.apply();
            System.out.printf("apply of %d views over %d rows: %d ms%n", views + 1, sourceRows, (System.nanoTime() - t) / 1_000_000);
            try (Connection c = DriverManager.getConnection(url, BenchMain.USER, null); Statement s = c.createStatement()) {
                // a refresh log per view, as after that many scheduled refreshes (one in 500 failed): status reads its
                // statistics and counts its failures from it; not for obs.big, whose drift estimate must go by its real refreshes
                s.execute("insert into matview.refresh_log (schema_name, view_name, trigger, mode, mode_reason, status, started_at, "
                        + "finished_at, duration_ms, rows, generation, error, host, pid) "
                        + "select m.schema_name, m.view_name, 'schedule', 'concurrent', 'bench', "
                        + "case when g % 500 = 250 then 'failed' else 'ok' end, now() - g * interval '10 minutes', "
                        + "now() - g * interval '10 minutes', 50 + g % 13, 5, g, case when g % 500 = 250 then 'bench' end, 'bench', 1 "
                        + "from matview.managed_view m, generate_series(1, " + options.logEntries() + ") g where m.view_name <> 'big'");
                s.execute("analyze matview.refresh_log");
                System.out.printf("refresh log: %d entries per view%n", options.logEntries());
            }
            if (options.parts().contains("status")) {
                statusCost(matview, views + 1);
            }
            if (options.parts().contains("drift")) {
                drift(matview, options.full());
            }
        }
    }

    private static void statusCost(Matview matview, int views) {
        for (int i = 0; i < 3; i++) {
            matview.status();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < STATUS_ROUNDS; i++) {
            long t = System.nanoTime();
            int n = matview.status().size();
            ms.add((System.nanoTime() - t) / 1e6);
            if (n != views) {
                throw new IllegalStateException("status listed " + n + " views, expected " + views);
            }
        }
        System.out.printf("status() of %d views: median %.1f ms, p95 %.1f ms, max %.1f ms (%d rounds)%n", views,
                percentile(ms, 50), percentile(ms, 95), percentile(ms, 100), STATUS_ROUNDS);
    }

    /**
     * Two materialized views of the same rows at each size: one keyed on a column without nulls, one on a
     * column where 10 % of the rows hold null. Each round updates 1 % of the rows, then refreshes both
     * concurrently, interleaved (the order alternates), {@value #REFRESH_ROUNDS} rounds per size; a refresh
     * longer than {@code cap} is cancelled ({@code statement_timeout}) and counted as the cap, printed with
     * {@code >}. Then the growth from size to size: the exponent {@code log(t2/t1) / log(n2/n1)} of each key
     * (1 is linear, 2 quadratic).
     */
    private static void nullableKey(String url, List<Long> sizes, Duration cap) throws Exception {
        Map<Long, double[]> medians = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, BenchMain.USER, null); Statement s = c.createStatement()) {
            s.execute("create schema if not exists obs");
            for (long rows : sizes) {
                s.execute("drop table if exists obs.nk cascade");
                s.execute("create table obs.nk (id bigint primary key, k bigint, v int not null)");
                s.execute("insert into obs.nk select g, case when g % 10 = 0 then null else g end, 0 from generate_series(1, " + rows + ") g");
                s.execute("create materialized view obs.by_id as select id, k, v from obs.nk");
                s.execute("create unique index on obs.by_id (id)");
                s.execute("create materialized view obs.by_k as select id, k, v from obs.nk");
                s.execute("create unique index on obs.by_k (k)");
                s.execute("vacuum analyze obs.nk, obs.by_id, obs.by_k");
                List<Double> byId = new ArrayList<>();
                List<Double> byK = new ArrayList<>();
                boolean capped = false;
                for (int round = 0; round < REFRESH_ROUNDS; round++) {
                    s.execute("update obs.nk set v = v + 1 where id % 100 = " + round);
                    for (String view : round % 2 == 0 ? List.of("by_id", "by_k") : List.of("by_k", "by_id")) {
                        double ms = timedRefresh(s, "obs." + view, cap);
                        capped |= ms < 0;
                        (view.equals("by_id") ? byId : byK).add(ms < 0 ? cap.toMillis() : ms);
                    }
                }
                double id = percentile(byId, 50);
                double k = percentile(byK, 50);
                medians.put(rows, new double[] {id, k});
                System.out.printf("concurrent refresh of %d rows, 1 %% changed: key without nulls median %.0f ms; key with 10 %% nulls "
                        + "median %s%.0f ms (%.2fx) (%d interleaved rounds%s)%n", rows, id, capped ? ">" : "", k, k / id,
                        REFRESH_ROUNDS, capped ? ", some refreshes cancelled at the cap of " + cap.toSeconds() + " s" : "");
            }
            s.execute("drop table if exists obs.nk cascade");
        }
        Long previous = null;
        for (long rows : medians.keySet()) {
            if (previous != null) {
                double scale = Math.log(rows / (double) previous);
                System.out.printf("growth %d -> %d rows: key without nulls ~n^%.2f, key with nulls ~n^%.2f%n", previous, rows,
                        Math.log(medians.get(rows)[0] / medians.get(previous)[0]) / scale,
                        Math.log(medians.get(rows)[1] / medians.get(previous)[1]) / scale);
            }
            previous = rows;
        }
    }

    /** Milliseconds of one concurrent refresh, or -1 when it ran into {@code cap} and was cancelled. */
    private static double timedRefresh(Statement s, String view, Duration cap) throws SQLException {
        s.execute("set statement_timeout = " + cap.toMillis());
        long t = System.nanoTime();
        try {
            s.execute("refresh materialized view concurrently " + view);
            return (System.nanoTime() - t) / 1e6;
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {
                return -1;
            }
            throw e;
        } finally {
            s.execute("reset statement_timeout");
        }
    }

    private static void drift(Matview matview, boolean full) {
        // a plain refresh: what the estimate goes by is how long running the query takes, and at 10M rows a
        // concurrent one would add minutes of diffing that the drift modes never do
        long refresh = System.nanoTime();
        matview.refresh(RefreshOptions.builder().mode(RefreshMode.FULL).build(), QualifiedName.parse("obs.big", "public"));
        System.out.printf("refresh (full) of obs.big: %d ms%n", (System.nanoTime() - refresh) / 1_000_000);
        DriftEstimate e = matview.driftEstimate("obs.big");
        System.out.printf("drift estimate of obs.big (%d rows): %d ms (%s)%n", e.viewRows(), e.estimatedMs(), e.basis());
        for (DriftMode mode : full ? DriftMode.values() : new DriftMode[] {DriftMode.CHECKSUM, DriftMode.SAMPLE}) {
            long t = System.nanoTime();
            boolean differs = matview.drift("obs.big", mode).differs();
            System.out.printf("drift %s of obs.big: %d ms (differs: %s)%n", mode, (System.nanoTime() - t) / 1_000_000, differs);
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
