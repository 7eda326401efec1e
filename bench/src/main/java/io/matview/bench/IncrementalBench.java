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
 * Issue 15's refresh and read benchmark over one history size. For each batch size, each round inserts the
 * day's new orders (in the last 24 hours) once, then refreshes three objects over the same query, in an
 * order that rotates by round: the incremental view (Matview's refresh), a materialized view with
 * {@code REFRESH ... CONCURRENTLY}, another with a plain {@code REFRESH}. The batch is then deleted, the table
 * vacuumed and all three refreshed again, untimed: every contender starts each round from the same state. The vacuum
 * forces index cleanup: by default PostgreSQL (14+) skips it while fewer than 2% of the table's pages hold dead
 * rows, so a deleted batch (117 pages of 8,300 at 1M orders, 0.5% at 3M) would stay in the {@code created_at}
 * index, and the dead entries of every round would pile up in the window's key range, longer at larger histories
 * (the threshold grows with the table): the window's index scan would read them all, a cost that grows with
 * history and that a table which only grows at its end does not have.
 * Then the reads of the last 30 days: the real-time view, the materialized view, and the live query.
 *
 * <p>Writes one TSV line per measurement: {@code history batch round position contender ms}.
 */
final class IncrementalBench {
    private static final String INCREMENTAL = "reporting.daily_revenue";
    private static final String CONCURRENT = "reporting.daily_revenue_mv";
    private static final String PLAIN = "reporting.daily_revenue_plain";
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
            s.execute("refresh materialized view concurrently " + CONCURRENT);
            s.execute("refresh materialized view " + PLAIN);
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
                for (String[] read : new String[][] {
                        {"read-real-time", "select * from " + INCREMENTAL + last30},
                        {"read-materialized", "select * from " + CONCURRENT + last30},
                        {"read-live-query", "select * from (" + LIVE_QUERY + ") q" + last30}}) {
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

    /** Medians per history, batch and contender, as a Markdown table. */
    static void summarize(Path tsv) throws IOException {
        java.util.Map<String, List<Double>> groups = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            groups.computeIfAbsent(String.format("%10s | %7s | %-18s", f[0], f[1], f[4]), k -> new ArrayList<>())
                    .add(Double.parseDouble(f[5]));
        }
        System.out.println("| history | batch | contender | median ms | runs |");
        System.out.println("| ---: | ---: | --- | ---: | ---: |");
        groups.forEach((key, ms) -> {
            double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            String[] k = key.split("\\|");
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f | %d |%n", k[0].strip(), k[1].strip(), k[2].strip(),
                    sorted[sorted.length / 2], sorted.length);
        });
    }
}
