package io.matview.bench;

import io.matview.Matview;
import io.matview.plan.Action;
import io.matview.plan.ApplyResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark 3: how long readers of a materialized view wait while {@code apply} rebuilds it for a
 * changed definition. Apply builds the new view beside the old one under a shadow name and swaps it
 * in by rename, so readers should wait only for the swap, not for the build over the 10M-row source.
 *
 * <p>Readers, each on its own connection, query one row of the view by its unique key, paced (a pause
 * between queries) so that they model steady readers rather than take the cores from the rebuild. Each
 * round changes the view's definition (a {@code having} that keeps every row, with the round's number,
 * so the result and its columns stay the same) and applies it; the wait of every reader query that
 * started during the apply is recorded. One untimed apply first, then {@code rounds} rounds; a round
 * during which other processes took much of the machine is repeated, within the benchmark's budget.
 */
final class RebuildBench {
    /** A reader's pause between two queries: steady readers, not a load test. */
    private static final long READER_PAUSE_NANOS = 5_000_000;

    private RebuildBench() {
    }

    /** One reader query: when it started and how long it took, both in nanoseconds. */
    private record Wait(long startNanos, long nanos) {
    }

    static void run(String url, Path viewFile, int rounds, int readers, long serverPid, Path out)
            throws SQLException, IOException, InterruptedException {
        String definition = Files.readString(viewFile, StandardCharsets.UTF_8).stripTrailing();
        String view = viewName(viewFile);
        Path dir = Files.createTempDirectory("matview-rebuild");
        String day;
        try (Connection c = DriverManager.getConnection(url, BenchMain.USER, "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select min(day)::text from " + view)) {
            r.next();
            day = r.getString(1);
        }
        String read = "select order_count, revenue_cents from " + view + " where day = date '" + day + "'";
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger errors = new AtomicInteger();
        List<List<Wait>> waits = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            List<Wait> mine = Collections.synchronizedList(new ArrayList<>());
            waits.add(mine);
            Connection c = DriverManager.getConnection(url, BenchMain.USER, "");
            Thread t = new Thread(() -> readLoop(c, read, mine, stop, errors), "reader-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        int maxAttempts = BenchMain.attempts(3);
        CpuMeter meter = new CpuMeter(serverPid);
        try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            tsv.println("round\tapply_ms\tqueries\tp50_ms\tp99_ms\tmax_ms\terrors\tothers_pct\twaited_s\tattempt");
            System.out.println("warm-up: one untimed apply of a changed definition");
            apply(url, dir, view, definition, 0);
            int version = 1;
            for (int round = 1; round <= rounds; round++) {
                for (int attempt = 1; ; attempt++) {
                    int waited = meter.waitForQuiet(BenchMain.QUIET_PERCENT, BenchMain.QUIET_WAIT_SECONDS);
                    int errorsBefore = errors.get();
                    meter.start();
                    long t0 = System.nanoTime();
                    apply(url, dir, view, definition, version++);
                    long t1 = System.nanoTime();
                    double others = meter.othersPercent();
                    List<Double> ms = new ArrayList<>();
                    for (List<Wait> w : waits) {
                        synchronized (w) {
                            for (Wait x : w) {
                                if (x.startNanos() >= t0 && x.startNanos() <= t1) {
                                    ms.add(x.nanos() / 1e6);
                                }
                            }
                            w.clear();
                        }
                    }
                    Collections.sort(ms);
                    double applyMs = (t1 - t0) / 1e6;
                    int failed = errors.get() - errorsBefore;
                    if (others > Report.DISTURBED_PERCENT && attempt < maxAttempts && BenchMain.timeLeft()) {
                        System.out.printf(Locale.ROOT, "round %d  apply %.0f ms  DISCARDED: other processes took %.1f %%"
                                + " of the machine; again%n", round, applyMs, others);
                        Files.writeString(out.resolveSibling("discarded.tsv"), String.format(Locale.ROOT,
                                "rebuild\t%d\t\t%.1f\t%.1f%n", round, percentile(ms, 100), others),
                                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        continue;
                    }
                    tsv.printf(Locale.ROOT, "%d\t%.1f\t%d\t%.2f\t%.2f\t%.2f\t%d\t%.1f\t%d\t%d%n", round, applyMs,
                            ms.size(), percentile(ms, 50), percentile(ms, 99), percentile(ms, 100), failed, others,
                            waited, attempt);
                    tsv.flush();
                    System.out.printf(Locale.ROOT, "round %d  apply %.0f ms  %d reader queries: p99 %.2f ms, longest "
                            + "%.2f ms, %d failed  others: %.1f %%%n", round, applyMs, ms.size(), percentile(ms, 99),
                            percentile(ms, 100), failed, others);
                    break;
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    private static void apply(String url, Path dir, String view, String definition, int version) throws IOException {
        // The having clause keeps every row: the definition changes, the view's rows and columns do not.
        Files.writeString(dir.resolve(view + ".sql"), definition + "\nhaving count(*) > -" + version + "\n",
                StandardCharsets.UTF_8);
        ApplyResult result;
        try (Matview matview = Matview.configure().url(url, BenchMain.USER, null).viewsDirectory(dir).load()) {
            result = matview.apply();
        }
        if (result.plan().changes().stream().noneMatch(c -> c.action() == Action.REBUILD)) {
            throw new IllegalStateException("apply did not rebuild " + view + ": " + result.plan());
        }
    }

    private static void readLoop(Connection c, String sql, List<Wait> waits, AtomicBoolean stop, AtomicInteger errors) {
        try (c; Statement s = c.createStatement()) {
            while (!stop.get()) {
                long t0 = System.nanoTime();
                try (ResultSet r = s.executeQuery(sql)) {
                    if (!r.next()) {
                        errors.incrementAndGet();
                    }
                } catch (SQLException e) {
                    errors.incrementAndGet();
                    System.err.println("reader: " + e.getMessage());
                }
                waits.add(new Wait(t0, System.nanoTime() - t0));
                LockSupport.parkNanos(READER_PAUSE_NANOS);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The view's name from its file name ({@code schema.name.sql}). */
    private static String viewName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".sql".length());
    }

    /** The nearest-rank percentile of sorted values; NaN for none. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
