package io.matview.cli;

import io.matview.ErrorCode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Generates an example's data inside PostgreSQL ({@code generate_series}, not row by row from Java),
 * in chunks so that long steps show progress, deterministically for a seed. Generated data is
 * recorded in {@code demo.dataset}, so a second run reuses it.
 */
final class DemoData {
    private static final Pattern STEP = Pattern.compile("(?m)^-- step: (\\S+) (\\S+)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
    private static final long CHUNK = 500_000;

    private final DataSource dataSource;
    private final PrintWriter out;
    private final boolean terminal;

    DemoData(DataSource dataSource, PrintWriter out, boolean terminal) {
        this.dataSource = dataSource;
        this.out = out;
        this.terminal = terminal;
    }

    /** Creates the example's tables and fills them, unless data of this scale and seed is there already. */
    void ensure(Example example, String scale, int seed) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("create schema if not exists demo");
                s.execute("create table if not exists demo.dataset (example text primary key, scale text not null, "
                        + "seed integer not null, generated_at timestamptz not null default now())");
                s.execute(example.schema());
            }
            String existing = existing(c, example);
            if (existing != null) {
                if (!existing.equals(scale + "/" + seed)) {
                    throw new io.matview.MatviewException(ErrorCode.CONFIGURATION, "the demo database holds " + example.name() + " data of scale/seed "
                            + existing + ", not " + scale + "/" + seed, "--scale", "rerun with --reset to generate it anew");
                }
                out.println("   " + example.name() + ": reusing the " + scale + " data set");
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("truncate " + String.join(", ", example.tables()) + " cascade");
            }
            Map<String, Long> counts = example.scales().get(scale);
            for (Step step : steps(example.data())) {
                long rows = value(step.count(), counts);
                run(c, example, step, rows, counts, seed);
            }
            try (Statement s = c.createStatement()) {
                s.execute("analyze");
            }
            try (PreparedStatement ps = c.prepareStatement("insert into demo.dataset (example, scale, seed) values (?, ?, ?)")) {
                ps.setString(1, example.name());
                ps.setString(2, scale);
                ps.setInt(3, seed);
                ps.executeUpdate();
            }
        }
    }

    private record Step(String label, String count, String sql) {
    }

    static List<Step> steps(String data) {
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(data);
        List<int[]> starts = new ArrayList<>();
        List<String[]> heads = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            heads.add(new String[] {m.group(1), m.group(2)});
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : data.length();
            steps.add(new Step(heads.get(i)[0], heads.get(i)[1], data.substring(starts.get(i)[1], end).strip()));
        }
        return steps;
    }

    private void run(Connection c, Example example, Step step, long rows, Map<String, Long> counts, int seed) throws SQLException {
        long start = System.nanoTime();
        for (long from = 1; from <= rows; from += CHUNK) {
            long to = Math.min(rows, from + CHUNK - 1);
            Map<String, String> values = new HashMap<>();
            counts.forEach((k, v) -> values.put(k, Long.toString(v)));
            values.put("from", Long.toString(from));
            values.put("to", Long.toString(to));
            values.put("seed", Integer.toString(seed));
            try (Statement s = c.createStatement()) {
                s.execute(fill(step.sql(), values));
            }
            progress(example.name() + " " + step.label(), to, rows, start, false);
        }
        progress(example.name() + " " + step.label(), rows, rows, start, true);
    }

    private void progress(String label, long done, long total, long startNanos, boolean finished) {
        if (total <= 1 && !finished) {
            return;
        }
        if (terminal || finished) {
            int width = 30;
            int filled = (int) (width * done / Math.max(1, total));
            String bar = "#".repeat(filled) + "-".repeat(width - filled);
            String line = String.format("   %-34s [%s] %s, %.1f s", label, bar,
                    total <= 1 ? "done" : String.format("%,d rows", done), (System.nanoTime() - startNanos) / 1e9);
            out.print(terminal ? "\r" + line + (finished ? "\n" : "") : line + "\n");
            out.flush();
        }
    }

    /** Fills {@code ${name}} placeholders; every value is a number, so nothing else reaches the SQL. */
    static String fill(String sql, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("no value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(sb, v);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static long value(String count, Map<String, Long> counts) {
        Matcher m = PLACEHOLDER.matcher(count);
        return m.matches() ? counts.get(m.group(1)) : Long.parseLong(count);
    }

    private static String existing(Connection c, Example example) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select scale || '/' || seed from demo.dataset where example = ?")) {
            ps.setString(1, example.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
