package io.matview.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Benchmark 2, second half: how long after a write an {@code on change} view is fresh. With a
 * scheduler running (another JVM) and no other load: insert one row (autocommit), then poll the
 * refresh log every 10 ms until a refresh of the view with trigger {@code change}, started after
 * the insert, has finished. The delay is measured on the database clock, from the insert's
 * {@code clock_timestamp()} to the log entry's {@code finished_at}, so polling adds nothing to it.
 */
final class LatencyBench {
    private static final long PAUSE_BETWEEN_SAMPLES_MS = 3_000;
    private static final long SAMPLE_TIMEOUT_MS = 60_000;

    private LatencyBench() {
    }

    static void run(String url, String view, String table, int samples, Path out)
            throws SQLException, IOException, InterruptedException {
        int dot = view.indexOf('.');
        String schema = dot < 0 ? "public" : view.substring(0, dot);
        String name = dot < 0 ? view : view.substring(dot + 1);
        try (Connection writer = DriverManager.getConnection(url, BenchMain.USER, "");
             Connection poller = DriverManager.getConnection(url, BenchMain.USER, "");
             PreparedStatement insert = writer.prepareStatement("insert into " + table
                     + " (account, amount) values (42, 1) returning clock_timestamp()");
             PreparedStatement poll = poller.prepareStatement("""
                     select started_at, finished_at, duration_ms, status
                     from matview.refresh_log
                     where schema_name = ? and view_name = ? and trigger = 'change' and started_at > ?
                     order by started_at
                     limit 1""");
             PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            writer.setAutoCommit(true);
            poller.setAutoCommit(true);
            tsv.println("sample\tdelay_ms\tuntil_start_ms\trefresh_ms\tstatus");
            for (int i = 1; i <= samples; i++) {
                // a quiet moment first: no refresh pending, and the writer's statistics long flushed
                Thread.sleep(PAUSE_BETWEEN_SAMPLES_MS);
                Timestamp inserted;
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    inserted = rs.getTimestamp(1);
                }
                long deadline = System.nanoTime() + SAMPLE_TIMEOUT_MS * 1_000_000;
                boolean seen = false;
                while (!seen && System.nanoTime() < deadline) {
                    poll.setString(1, schema);
                    poll.setString(2, name);
                    poll.setTimestamp(3, inserted);
                    try (ResultSet rs = poll.executeQuery()) {
                        if (rs.next()) {
                            seen = true;
                            long delay = millisBetween(inserted, rs.getTimestamp("finished_at"));
                            long untilStart = millisBetween(inserted, rs.getTimestamp("started_at"));
                            tsv.printf("%d\t%d\t%d\t%d\t%s%n", i, delay, untilStart, rs.getLong("duration_ms"),
                                    rs.getString("status"));
                            System.out.printf("sample %d: refreshed %d ms after the insert "
                                            + "(refresh started after %d ms, took %d ms, %s)%n",
                                    i, delay, untilStart, rs.getLong("duration_ms"), rs.getString("status"));
                        }
                    }
                    if (!seen) {
                        Thread.sleep(10);
                    }
                }
                if (!seen) {
                    tsv.printf("%d\t\t\t\ttimeout%n", i);
                    System.out.printf("sample %d: no refresh within %d s%n", i, SAMPLE_TIMEOUT_MS / 1000);
                }
                tsv.flush();
            }
        }
    }

    private static long millisBetween(Timestamp from, Timestamp to) {
        return java.time.Duration.between(from.toInstant(), to.toInstant()).toMillis();
    }
}
