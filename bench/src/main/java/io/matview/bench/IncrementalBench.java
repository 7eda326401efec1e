package io.matview.bench;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 15's refresh and read benchmark over one history size. After untimed warm-up refreshes, for each batch
 * size, each round inserts the day's new orders (in the last 24 hours) once, then refreshes three objects over the same query, in an
 * order that rotates by round: the incremental view (Matview's refresh), a materialized view with
 * {@code REFRESH ... CONCURRENTLY}, another with a plain {@code REFRESH}. The batch is then deleted, the table
 * vacuumed and all three refreshed again, untimed: every contender starts each round from the same state. The vacuum
 * forces index cleanup: by default PostgreSQL (14+) skips it while fewer than 2% of the table's pages hold dead
 * rows, so a deleted batch (117 pages of 8,300 at 1M orders, 0.5% at 3M) would stay in the {@code created_at}
 * index, and the dead entries of every round would pile up in the window's key range, longer at larger histories
 * (the threshold grows with the table): the window's index scan would read them all, a cost that grows with
 * history and that a table which only grows at its end does not have.
 * Then the reads of the last 30 days: the real-time view (also with {@code jit = off}, as the server reads it), the
 * materialized view, and the live query.
 *
 * <p>Writes one TSV line per measurement: {@code history batch round position contender ms}.
 */
final class IncrementalBench {
    private static final String INCREMENTAL = "reporting.daily_revenue";
    private static final String CONCURRENT = "reporting.daily_revenue_mv";
    private static final String PLAIN = "reporting.daily_revenue_plain";
    private static final int WARM_UP_REFRESHES = 300;
    private static final String LIVE_QUERY = "select (o.created_at at time zone 'UTC')::date as day, count(*) as order_count, "
            + "sum(o.total_cents)::bigint as revenue_cents from orders o where o.status = 'paid' group by 1";

    private IncrementalBench() {
    }

    static void run(String url, Path viewsDir, long history, int rounds, int[] batches, Path out) throws Exception {
        Matview matview = Matview.configure().url(url, BenchMain.USER, null).viewsDirectory(viewsDir).load();
        try (Connection c = DriverManager.getConnection(url, BenchMain.USER, null);
             Statement s = c.createStatement();
             PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            s.execute("set timezone = 'UTC'");
            // untimed: Matview's pool connects, and every object has been refreshed once by the same process
            matview.refresh(INCREMENTAL);
            // untimed warm-up, as JMH's: the refresh's Java code (Matview's, the driver's, the pool's) compiled before
            // it is timed; a round makes only two refreshes, so the timed ones would otherwise run it interpreted,
            // which a process that refreshes all day does not. The warm-up refreshes recompute the window as the
            // timed ones do, over a normal day's rows.
            insertDay(s, history, batches[0]);
            for (int i = 0; i < WARM_UP_REFRESHES; i++) {
                matview.refresh(INCREMENTAL);
            }
            s.execute("delete from orders where id > " + history);
            s.execute("vacuum (analyze, index_cleanup on) orders");
            matview.refresh(INCREMENTAL);
            s.execute("refresh materialized view concurrently " + CONCURRENT);
            s.execute("refresh materialized view " + PLAIN);
            // The warm-up left dead rows in Matview's tables (the kept rows, the watermark, the log): vacuumed now,
            // not by autovacuum in the middle of the first timed round (which was then the slowest at every history)
            s.execute("vacuum (analyze)");
            s.execute("checkpoint");
            for (int batch : batches) {
                for (int round = 1; round <= rounds; round++) {
                    insertDay(s, history, batch);
                    List<String> order = new ArrayList<>(List.of("incremental", "concurrent", "plain"));
                    java.util.Collections.rotate(order, round);
                    for (int position = 0; position < order.size(); position++) {
                        String contender = order.get(position);
                        long t0 = System.nanoTime();
                        switch (contender) {
                            case "incremental" -> {
                                RefreshLogEntry e = matview.refresh(INCREMENTAL).get(0);
                                if (!e.ok()) {
                                    throw new IllegalStateException("incremental refresh failed: " + e.error());
                                }
                            }
                            case "concurrent" -> s.execute("refresh materialized view concurrently " + CONCURRENT);
                            default -> s.execute("refresh materialized view " + PLAIN);
                        }
                        double ms = (System.nanoTime() - t0) / 1e6;
                        tsv.printf(Locale.ROOT, "%d\t%d\t%d\t%d\t%s\t%.1f%n", history, batch, round, position + 1, contender, ms);
                        tsv.flush();
                        System.err.printf(Locale.ROOT, "history %d batch %d round %d %s: %.1f ms%n", history, batch, round,
                                contender, ms);
                    }
                    check(s);
                    s.execute("delete from orders where id > " + history);
                    s.execute("vacuum (analyze, index_cleanup on) orders");
                    matview.refresh(INCREMENTAL);
                    s.execute("refresh materialized view concurrently " + CONCURRENT);
                    s.execute("refresh materialized view " + PLAIN);
                }
            }
            insertDay(s, history, batches[0]);
            matview.refresh(INCREMENTAL);
            insertDay(s, history + batches[0], 500);
            String last30 = " where day >= current_date - 30";
            for (int round = 1; round <= rounds; round++) {
                // the real-time read also as Matview's server makes it, without JIT (docs/incremental.md)
                for (String[] read : new String[][] {
                        {"read-real-time", "select * from " + INCREMENTAL + last30},
                        {"read-real-time-jit-off", "select * from " + INCREMENTAL + last30},
                        {"read-materialized", "select * from " + CONCURRENT + last30},
                        {"read-live-query", "select * from (" + LIVE_QUERY + ") q" + last30}}) {
                    s.execute(read[0].endsWith("jit-off") ? "set jit = off" : "reset jit");
                    long t0 = System.nanoTime();
                    try (ResultSet rs = s.executeQuery(read[1])) {
                        while (rs.next()) {
                            rs.getLong(2);
                        }
                    }
                    double ms = (System.nanoTime() - t0) / 1e6;
                    tsv.printf(Locale.ROOT, "%d\t%d\t%d\t%d\t%s\t%.1f%n", history, 0, round, 0, read[0], ms);
                }
            }
            tsv.flush();
            s.execute("reset jit");
            s.execute("delete from orders where id > " + history);
            s.execute("vacuum (analyze, index_cleanup on) orders");
        }
    }

    /** {@code rows} paid-or-not orders at random moments of the last 24 hours, ids after {@code after}. */
    private static void insertDay(Statement s, long after, int rows) throws SQLException {
        s.execute("insert into orders (id, customer_id, created_at, total_cents, status) select " + after + " + i, "
                + "1 + (hashint4(i) & 2147483647) % 200000, now() - ((hashint4(i + 7) & 2147483647) % 86400) * interval '1 second', "
                + "100 + (hashint4(i + 9) & 2147483647) % 50000, case when i % 100 < 85 then 'paid' else 'pending' end "
                + "from generate_series(1, " + rows + ") i");
    }

    /** The three contenders must agree: a benchmark of a wrong answer measures nothing. */
    private static void check(Statement s) throws SQLException {
        for (String other : List.of(CONCURRENT, PLAIN)) {
            try (ResultSet rs = s.executeQuery("select count(*) from ((table " + INCREMENTAL + " except all table " + other
                    + ") union all (table " + other + " except all table " + INCREMENTAL + ")) d")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    throw new IllegalStateException(INCREMENTAL + " differs from " + other + " in " + rs.getLong(1) + " rows");
                }
            }
        }
    }

    /** Issue 15's targets: normal day, heavy day, flatness over history, writers' loss. */
    private static final int NORMAL_DAY = 14_000;
    private static final int HEAVY_DAY = 100_000;
    private static final double NORMAL_DAY_SPEEDUP = 100;
    private static final double HEAVY_DAY_SPEEDUP = 10;
    private static final double FLAT_WITHIN = 1.5;
    private static final double WRITERS_LOSS = 0.05;
    private static final int MIN_ROUNDS = 5;

    /**
     * Medians per history, batch and contender as a Markdown table, then each of issue 15's targets with its
     * figure and met or missed ({@code writersTsv}: pgbench's tps per run, with and without the triggers; may be
     * null).
     */
    static void summarize(Path tsv, Path writersTsv) throws IOException {
        java.util.Map<String, List<Double>> groups = new java.util.TreeMap<>();
        java.util.Map<String, Double> medians = new java.util.HashMap<>();
        java.util.Map<String, Integer> runs = new java.util.HashMap<>();
        java.util.SortedSet<Long> histories = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            groups.computeIfAbsent(String.format("%10s | %7s | %-18s", f[0], f[1], f[4]), k -> new ArrayList<>())
                    .add(Double.parseDouble(f[5]));
            histories.add(Long.parseLong(f[0]));
        }
        System.out.println("| history | batch | contender | median ms | runs |");
        System.out.println("| ---: | ---: | --- | ---: | ---: |");
        groups.forEach((key, ms) -> {
            String[] k = key.split("\\|");
            double median = median(ms);
            medians.put(k[0].strip() + "/" + k[1].strip() + "/" + k[2].strip(), median);
            runs.put(k[0].strip() + "/" + k[1].strip() + "/" + k[2].strip(), ms.size());
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f | %d |%n", k[0].strip(), k[1].strip(), k[2].strip(),
                    median, ms.size());
        });
        System.out.println();
        System.out.println("| target | figure | result |");
        System.out.println("| --- | --- | --- |");
        long largest = histories.last();
        for (long history : histories) {
            speedup(medians, runs, history, NORMAL_DAY, history == largest ? NORMAL_DAY_SPEEDUP : 0);
        }
        speedup(medians, runs, largest, HEAVY_DAY, HEAVY_DAY_SPEEDUP);
        if (histories.size() > 1) {
            List<Double> incremental = new ArrayList<>();
            for (long history : histories) {
                incremental.add(medians.get(history + "/" + NORMAL_DAY + "/incremental"));
            }
            double spread = incremental.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                    / incremental.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double first = medians.get(histories.first() + "/" + NORMAL_DAY + "/concurrent");
            double last = medians.get(largest + "/" + NORMAL_DAY + "/concurrent");
            row("normal day flat in history: incremental refresh within " + FLAT_WITHIN + "x over " + histories
                            + ", while the concurrent refresh grows",
                    String.format(Locale.ROOT, "incremental max/min %.2fx; concurrent %.0f -> %.0f ms", spread, first, last),
                    spread <= FLAT_WITHIN && last > first);
        } else {
            row("normal day flat in history", "one history only", null);
        }
        if (writersTsv != null && Files.exists(writersTsv)) {
            java.util.Map<String, Double> on = new java.util.TreeMap<>();
            java.util.Map<String, Double> off = new java.util.TreeMap<>();
            for (String line : Files.readAllLines(writersTsv)) {
                String[] f = line.split("\t");
                if (f.length == 3 && !f[2].isBlank() && !f[0].equals("run")) {
                    (f[1].equals("on") ? on : off).put(f[0], Double.parseDouble(f[2]));
                }
            }
            // per run: the loss between the two halves of one pair, measured minutes apart at most
            List<Double> perRun = new ArrayList<>();
            for (String run : on.keySet()) {
                if (off.containsKey(run)) {
                    perRun.add(1 - on.get(run) / off.get(run));
                }
            }
            if (!perRun.isEmpty()) {
                double loss = 1 - median(new ArrayList<>(on.values())) / median(new ArrayList<>(off.values()));
                double perRunLoss = median(perRun);
                row("writers lose < " + Math.round(WRITERS_LOSS * 100) + " % of their throughput to the late-data triggers",
                        String.format(Locale.ROOT, "%.0f tps with, %.0f without (medians of %d and %d runs): %.1f %% lost; "
                                        + "median of the %d per-run losses %.1f %%",
                                median(new ArrayList<>(on.values())), median(new ArrayList<>(off.values())), on.size(), off.size(),
                                loss * 100, perRun.size(), perRunLoss * 100),
                        perRun.size() >= MIN_ROUNDS ? loss < WRITERS_LOSS && perRunLoss < WRITERS_LOSS : null);
            }
        }
    }

    /** A row for the incremental refresh's speed-up over the concurrent one; {@code target} 0: shown, not judged. */
    private static void speedup(java.util.Map<String, Double> medians, java.util.Map<String, Integer> runs, long history,
                                int batch, double target) {
        String key = history + "/" + batch + "/";
        Double incremental = medians.get(key + "incremental");
        Double concurrent = medians.get(key + "concurrent");
        if (incremental == null || concurrent == null) {
            return;
        }
        double ratio = concurrent / incremental;
        String what = String.format(Locale.ROOT, "%,d new orders over %,d of history: incremental >= %.0fx faster than "
                + "REFRESH CONCURRENTLY", batch, history, target);
        String figure = String.format(Locale.ROOT, "%.1f vs %.1f ms: %.1fx (plain REFRESH %.1f ms)", incremental, concurrent,
                ratio, medians.getOrDefault(key + "plain", Double.NaN));
        if (target == 0) {
            row(String.format(Locale.ROOT, "%,d new orders over %,d of history (shown)", batch, history), figure, null);
        } else {
            row(what, figure, runs.get(key + "incremental") >= MIN_ROUNDS ? ratio >= target : null);
        }
    }

    /** {@code met} null: not judged (too few rounds, or nothing to judge). */
    private static void row(String target, String figure, Boolean met) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", target, figure,
                met == null ? "not judged" : met ? "**met**" : "**missed**");
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
