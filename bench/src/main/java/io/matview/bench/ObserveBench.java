package io.matview.bench;

import io.matview.Matview;
import io.matview.observe.DriftEstimate;
import io.matview.observe.DriftMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark 5, what observing costs: {@code Matview.status()} over {@code views} managed views (each
 * with a full refresh log of 100 entries), how much slower {@code REFRESH … CONCURRENTLY} is with a
 * unique key holding nulls, and drift on a view over {@code sourceRows} rows (the estimate, then the
 * checksum and sampled modes; the full mode only with {@code full}). Prints one line per figure.
 */
final class ObserveBench {
    private static final int STATUS_ROUNDS = 30;
    private static final int REFRESH_ROUNDS = 7;

    private ObserveBench() {
    }

    static void run(String url, int views, long sourceRows, boolean full) throws Exception {
        Path dir = Files.createTempDirectory("observe-bench");
        try (Connection c = DriverManager.getConnection(url, BenchMain.USER, null); Statement s = c.createStatement()) {
            s.execute("drop schema if exists obs cascade");
            s.execute("create schema obs");
            s.execute("create table obs.src (id bigint primary key, grp int not null, val int not null)");
            s.execute("insert into obs.src select g, g % 1000, g % 97 from generate_series(1, " + sourceRows + ") g");
            s.execute("analyze obs.src");
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
                // a full refresh log per view, as after 100 scheduled refreshes: status reads its statistics from it;
                // not for obs.big, whose drift estimate must go by its real refreshes
                s.execute("insert into matview.refresh_log (schema_name, view_name, trigger, mode, mode_reason, status, started_at, "
                        + "finished_at, duration_ms, rows, generation, host, pid) "
                        + "select m.schema_name, m.view_name, 'schedule', 'concurrent', 'bench', 'ok', now() - g * interval '10 minutes', "
                        + "now() - g * interval '10 minutes', 50 + g % 13, 5, g, 'bench', 1 "
                        + "from matview.managed_view m, generate_series(1, 100) g where m.view_name <> 'big'");
            }
            statusCost(matview, views + 1);
            nullableKey(url, sourceRows);
            drift(matview, full);
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
     * Two materialized views of the same rows: one keyed on a column without nulls, one on a column
     * where 10 % of the rows hold null. After 1 % of the rows change, each is refreshed concurrently,
     * interleaved, {@value #REFRESH_ROUNDS} rounds.
     */
    private static void nullableKey(String url, long sourceRows) throws Exception {
        long rows = Math.min(sourceRows, 1_000_000);
        try (Connection c = DriverManager.getConnection(url, BenchMain.USER, null); Statement s = c.createStatement()) {
            s.execute("create table obs.nk (id bigint primary key, k bigint, v int not null)");
            s.execute("insert into obs.nk select g, case when g % 10 = 0 then null else g end, 0 from generate_series(1, " + rows + ") g");
            s.execute("create materialized view obs.by_id as select id, k, v from obs.nk");
            s.execute("create unique index on obs.by_id (id)");
            s.execute("create materialized view obs.by_k as select id, k, v from obs.nk");
            s.execute("create unique index on obs.by_k (k)");
            List<Double> byId = new ArrayList<>();
            List<Double> byK = new ArrayList<>();
            for (int round = 0; round < REFRESH_ROUNDS; round++) {
                s.execute("update obs.nk set v = v + 1 where id % 100 = " + round);
                List<String> order = round % 2 == 0 ? List.of("by_id", "by_k") : List.of("by_k", "by_id");
                for (String view : order) {
                    long t = System.nanoTime();
                    s.execute("refresh materialized view concurrently obs." + view);
                    (view.equals("by_id") ? byId : byK).add((System.nanoTime() - t) / 1e6);
                }
            }
            System.out.printf("concurrent refresh of %d rows, 1 %% changed: key without nulls median %.0f ms; key with 10 %% nulls "
                    + "median %.0f ms (%.2fx) (%d interleaved rounds)%n", rows, percentile(byId, 50), percentile(byK, 50),
                    percentile(byK, 50) / percentile(byId, 50), REFRESH_ROUNDS);
        }
    }

    private static void drift(Matview matview, boolean full) {
        matview.refresh("obs.big");
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
