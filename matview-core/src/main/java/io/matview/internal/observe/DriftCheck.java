package io.matview.internal.observe;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.db.SqlResource;
import io.matview.internal.view.Incremental;
import io.matview.observe.Drift;
import io.matview.observe.DriftEstimate;
import io.matview.observe.DriftMode;
import io.matview.view.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a materialized view's rows (or the table that keeps an incremental view's) with what its query
 * returns now, estimates what that costs, and explains the query. The query is the one PostgreSQL stores
 * for the view ({@code pg_get_viewdef}), or the one apply recorded for an incremental view, never text
 * from the caller; everything runs in a read-only transaction the caller rolls back.
 */
public final class DriftCheck {
    /** The share of rows the sampled mode compares, in percent. */
    static final int SAMPLE_PERCENT = 1;
    /** Without a refresh to go by, milliseconds per unit of planner cost: a rough figure, and said to be one. */
    static final double MS_PER_COST = 0.01;
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.e+]+)");
    private static final Pattern TOTAL_COST = Pattern.compile("\"Total Cost\":\\s*([0-9.e+]+)");

    private DriftCheck() {
    }

    /**
     * What the view is and what it stores: its definition (what a reader runs), the query its stored rows
     * come from and a query of those rows ({@code null} for a plain view), and rows and median refresh as
     * the catalog records them.
     */
    private record Target(String definition, String query, String stored, String timeZone, long viewRows, Long medianRefreshMs,
                          int refreshes, List<String> key) {
    }

    public static Drift drift(Connection c, QualifiedName view, DriftMode mode) throws SQLException {
        Target t = target(c, view);
        if (t.stored() == null) {
            throw new MatviewException(ErrorCode.NOT_MATERIALIZED, view + " is a plain view: it stores no rows that could drift",
                    view.toString(), "drift compares materialized and incremental views; a plain view always shows what its query returns");
        }
        readOnly(c);
        if (t.timeZone() != null) {
            // an incremental view's buckets are computed in its refreshes' time zone: so are the query's here
            try (PreparedStatement ps = c.prepareStatement("select set_config('TimeZone', ?, true)")) {
                ps.setString(1, t.timeZone());
                ps.execute();
            }
        }
        String stored = t.stored();
        String sql = switch (mode) {
            case FULL -> compare(t.query(), stored, "");
            case SAMPLE -> compare(t.query(), stored, " where abs(hashtextextended(" + sampled(t.key()) + "::text, 0)) % 100 < "
                    + SAMPLE_PERCENT);
            case CHECKSUM -> SqlTemplate.fill(DriftCheck.class, "drift-checksum.sql", Map.of("query", t.query(), "stored", stored));
        };
        long start = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long ms = (System.nanoTime() - start) / 1_000_000;
            long viewRows = rs.getLong("view_rows");
            long queryRows = rs.getLong("query_rows");
            double percent = mode == DriftMode.SAMPLE ? SAMPLE_PERCENT : 100;
            if (mode == DriftMode.CHECKSUM) {
                boolean differs = viewRows != queryRows || !String.valueOf(rs.getObject("view_sum")).equals(String.valueOf(rs.getObject("query_sum")));
                return new Drift(view, mode, viewRows, queryRows, null, null, differs, percent, ms);
            }
            long onlyInView = rs.getLong("only_in_view");
            long onlyInQuery = rs.getLong("only_in_query");
            return new Drift(view, mode, viewRows, queryRows, onlyInView, onlyInQuery, onlyInView + onlyInQuery > 0, percent, ms);
        } catch (SQLException e) {
            if ("42883".equals(e.getSQLState())) { // a column type without equality (json, point): EXCEPT cannot compare it
                throw new MatviewException(ErrorCode.DRIFT_NOT_COMPARABLE, "cannot compare the rows of " + view + ": "
                        + e.getMessage(), view.toString(), "compare in checksum mode, which compares the rows' text");
            }
            throw DatabaseErrors.translate(e);
        }
    }

    /**
     * What the sample hashes: the unique key when the stored rows have one, so that a key's row is in the
     * sample on both sides or on neither (a changed row is seen as changed), and so that PostgreSQL can push
     * the filter into the query below its grouping (only the sampled groups are computed). Without a key,
     * the whole row.
     */
    private static String sampled(List<String> key) {
        if (key.isEmpty()) {
            return "t";
        }
        return "row(" + String.join(", ", key.stream().map(k -> "t." + QualifiedName.quoteIdentifier(k)).toList()) + ")";
    }

    private static String compare(String query, String stored, String filter) {
        return SqlTemplate.fill(DriftCheck.class, "drift-compare.sql", Map.of("query", query, "stored", stored, "filter", filter));
    }


    /** How long a full comparison would take: twice the median refresh (the query runs, and so does a scan of the view). */
    public static DriftEstimate estimate(Connection c, QualifiedName view) throws SQLException {
        Target t = target(c, view);
        readOnly(c);
        String plan;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (format json) " + t.query())) {
            rs.next();
            plan = rs.getString(1);
        }
        long queryRows = Math.round(first(PLAN_ROWS, plan));
        if (t.medianRefreshMs() != null) {
            return new DriftEstimate(view, t.viewRows(), queryRows, 2 * t.medianRefreshMs(),
                    "twice the median of its last " + t.refreshes() + " successful refreshes (" + t.medianRefreshMs() + " ms)");
        }
        double cost = first(TOTAL_COST, plan);
        return new DriftEstimate(view, t.viewRows(), queryRows, Math.round(2 * cost * MS_PER_COST),
                String.format("no refresh logged: from the planner's cost (%.0f) at a rough %.2f ms per unit, twice", cost, MS_PER_COST));
    }

    /** {@code EXPLAIN (ANALYZE, BUFFERS)} of the view's query, as PostgreSQL prints it; the caller rolls back. */
    public static String explain(Connection c, QualifiedName view) throws SQLException {
        Target t = target(c, view);
        readOnly(c);
        StringBuilder out = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (analyze, buffers) " + t.definition())) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    private static void readOnly(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set transaction read only");
        }
    }

    private static double first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Target target(Connection c, QualifiedName view) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(DriftCheck.class, "drift-target.sql"))) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new MatviewException(ErrorCode.UNKNOWN_VIEW, "no managed view named " + view + " exists", view.toString(),
                            "the status lists the managed views");
                }
                String definition = rs.getString("query").strip();
                if (definition.endsWith(";")) {
                    definition = definition.substring(0, definition.length() - 1);
                }
                String query = definition;
                String stored = "m".equals(rs.getString("relkind")) ? "select * from " + view.sql() : null;
                String storage = rs.getString("storage_table");
                if (storage != null) {
                    // the rows of every bucket, as a full refresh would store them: the range admits every source row
                    query = rs.getString("windowed_query").replace(Incremental.RANGE, "true");
                    stored = "select * from " + new QualifiedName("matview", storage).sql();
                }
                Object median = rs.getObject("median_ms");
                Array keyColumns = rs.getArray("key_columns");
                List<String> key = keyColumns == null ? List.of() : List.of((String[]) keyColumns.getArray());
                return new Target(definition, query, stored, rs.getString("time_zone"), rs.getLong("view_rows"),
                        median == null ? null : Math.round(((Number) median).doubleValue()), rs.getInt("refreshes"), key);
            }
        }
    }
}
