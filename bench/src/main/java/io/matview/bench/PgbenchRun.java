package io.matview.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark 2, one pgbench run: CHECKPOINT, wait for the machine to be quiet, run pgbench, and append
 * to the TSV its tps, the refreshes the scheduler made meanwhile, the scheduler JVM's CPU time, and
 * the share of the machine that other processes took. bench/run.sh starts the scheduler (variant b)
 * before this and stops it after.
 */
final class PgbenchRun {
    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+) \\(without initial connection time\\)$",
            Pattern.MULTILINE);

    private PgbenchRun() {
    }

    static void run(String url, String run, String position, String variant, long serverPid, long schedulerPid,
                    Path out, Path log, List<String> pgbench) throws SQLException, IOException, InterruptedException {
        int maxAttempts = BenchMain.attempts(3);
        try (Connection c = DriverManager.getConnection(url, BenchMain.USER, "")) {
            c.setAutoCommit(true);
            for (int attempt = 1; ; attempt++) {
                try (Statement s = c.createStatement()) {
                    s.execute("checkpoint");
                }
                CpuMeter meter = new CpuMeter(serverPid, schedulerPid);
                int waited = meter.waitForQuiet(BenchMain.QUIET_PERCENT, BenchMain.QUIET_WAIT_SECONDS);
                Timestamp since = now(c);
                long schedulerBefore = schedulerPid > 0 ? CpuMeter.ticks(schedulerPid) : 0;
                meter.start();
                Process p = new ProcessBuilder(pgbench).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                int rc = p.waitFor();
                double others = meter.othersPercent();
                long schedulerMs = schedulerPid > 0 ? (CpuMeter.ticks(schedulerPid) - schedulerBefore) * 10 : 0;
                String output = Files.readString(log);
                Matcher m = TPS.matcher(output);
                if (rc != 0 || !m.find()) {
                    throw new IllegalStateException("pgbench failed (exit " + rc + "):\n" + output);
                }
                double tps = Double.parseDouble(m.group(1));
                long refreshes;
                try (PreparedStatement ps = c.prepareStatement(
                        "select count(*) from matview.refresh_log where started_at >= ?")) {
                    ps.setTimestamp(1, since);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        refreshes = rs.getLong(1);
                    }
                }
                String label = variant.equals("a") ? "(a) no scheduler" : "(b) scheduler running";
                if (others > Report.DISTURBED_PERCENT && attempt < maxAttempts && BenchMain.timeLeft()) {
                    System.out.printf(Locale.ROOT, "run %s  %-22s %9.1f tps   DISCARDED: other processes took %.1f %% "
                            + "of the machine; again%n", run, label, tps, others);
                    Files.writeString(out.resolveSibling("discarded.tsv"), String.format(Locale.ROOT,
                            "writers\t%s\t%s\t%.1f\t%.1f%n", run, variant, tps, others), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    continue;
                }
                String row = String.format(Locale.ROOT, "%s\t%s\t%s\t%.1f\t%d\t%d\t%.1f\t%d\t%d%n", run, position,
                        variant, tps, refreshes, schedulerMs, others, waited, attempt);
                Files.writeString(out, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                System.out.printf(Locale.ROOT, "run %s  %-22s %9.1f tps   refreshes during the run: %d, scheduler CPU: "
                                + "%d ms, other processes: %.1f %% of the machine%s%n", run, label, tps, refreshes,
                        schedulerMs, others, waited > 0 ? " (waited " + waited + " s for quiet)" : "");
                return;
            }
        }
    }

    private static Timestamp now(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }
}
