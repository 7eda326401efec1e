package io.matview.internal.incremental;

import io.matview.internal.db.SqlResource;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The refresh of an incremental view, in the caller's transaction: the buckets of the window (and those
 * late changes touched) are deleted and inserted again from the query, which reads only the source rows of
 * those buckets. Readers are never blocked (DELETE and INSERT take only row locks) and see the change at
 * commit, all of it.
 */
public final class IncrementalRefresh {

    /**
     * What a refresh did.
     *
     * @param full whether it recomputed every bucket
     * @param reason what it recomputed, for the log
     * @param rows the rows it wrote
     * @param cutoffDue whether the window has moved past the bucket of the INSERT trigger's cutoff: call
     *                  {@link IncrementalViews#renewCutoff} after the commit
     */
    public record Outcome(boolean full, String reason, long rows, boolean cutoffDue) {
    }

    private IncrementalRefresh() {
    }

    /** Refreshes {@code view}: every bucket when {@code full}, else the window and the late changes. */
    public static Outcome run(Connection c, QualifiedName view, boolean full) throws SQLException {
        Kept k = Kept.readForRefresh(c, view);
        if (k == null) {
            throw new SQLException("no record of how " + view + " is kept in matview.incremental; apply the view files again");
        }
        String windowStart;
        String from;
        String lateLo;
        String lateHi;
        boolean lateBefore;
        String lowest;
        String cutoff;
        boolean cutoffDue;
        try (PreparedStatement ps = c.prepareStatement(String.format(SqlResource.load(IncrementalRefresh.class, "refresh-plan.sql"),
                k.sourceType(), k.bucketType(), k.bucketSql(k.windowStartInstantSql()), k.bucketSql("matview_pending.lo"),
                k.bucketSql("matview_pending.hi"), k.bucketSql("cut.cutoff"), k.bucketSql("cut.cutoff_before")))) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            ps.setString(3, view.schema());
            ps.setString(4, view.name());
            ps.setString(5, k.windowStart());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                windowStart = rs.getString(1);
                // from the older window start: buckets that left the window since the last refresh were read live
                // by real-time reads, and may have changed since that refresh recomputed them
                from = rs.getString(2);
                lateLo = rs.getString(3);
                lateHi = rs.getString(4);
                lateBefore = Boolean.parseBoolean(rs.getString(5));
                lowest = rs.getString(6);
                cutoff = rs.getString(7);
                cutoffDue = Boolean.parseBoolean(rs.getString(8));
            }
        }
        // the writes and the watermark go as one batch: a refresh's fixed cost is mostly round trips
        List<String> writes = new ArrayList<>();
        List<Boolean> counted = new ArrayList<>();
        String reason;
        if (full) {
            add(writes, counted, "DELETE FROM " + k.storage().sql(), false);
            add(writes, counted, "INSERT INTO " + k.storage().sql() + " SELECT * FROM (" + k.query("true") + "\n) AS q", true);
            reason = "full refresh requested";
        } else if (lateLo == null) {
            recompute(c, k, from, null, writes, counted);
            reason = "buckets from " + from;
        } else if (lateBefore) {
            recompute(c, k, lateLo, lateHi, writes, counted);
            recompute(c, k, from, null, writes, counted);
            reason = "buckets from " + from + " and late changes in buckets " + lateLo + " to " + lateHi;
        } else {
            recompute(c, k, lowest, null, writes, counted);
            reason = "buckets from " + lowest + " (window and changes)";
        }
        add(writes, counted, String.format(SqlResource.load(IncrementalRefresh.class, "advance-watermark.sql"),
                Kept.literal(windowStart), Kept.literal(k.realTime() ? windowStart : "infinity"), Kept.literal(view.schema()),
                Kept.literal(view.name()), cutoff == null ? "null" : Kept.literal(cutoff)), false);
        long rows = 0;
        try (Statement s = c.createStatement()) {
            boolean resultSet = s.execute(String.join(";\n", writes));
            for (boolean count : counted) {
                if (resultSet) {
                    throw new SQLException("a refresh's write returned rows");
                }
                if (count) {
                    rows += s.getUpdateCount();
                }
                resultSet = s.getMoreResults();
            }
        }
        return new Outcome(full, reason, rows, cutoffDue);
    }

    private static void add(List<String> writes, List<Boolean> counted, String sql, boolean count) {
        writes.add(sql);
        counted.add(count);
    }

    /**
     * Replaces the buckets from {@code lo} on (to {@code hi}, inclusive, when given): the source rows read are
     * those from the start of bucket {@code lo}, and before the window's start when the range ends below it.
     */
    private static void recompute(Connection c, Kept k, String lo, String hi, List<String> writes, List<Boolean> counted)
            throws SQLException {
        String bucketRange = k.bucket() + " >= " + k.asBucket(Kept.literal(lo))
                + (hi == null ? "" : " AND " + k.bucket() + " <= " + k.asBucket(Kept.literal(hi)));
        String sourceRange = k.sourceColumnSql() + " >= " + k.asBucket(Kept.literal(lo));
        if (hi != null) {
            // every row of bucket hi lies before the start of the next kept bucket (buckets grow with the source
            // value, and a bucket is the start of its period); none kept: no upper bound
            String next = nextBucket(c, k, hi);
            if (next != null) {
                sourceRange += " AND " + k.sourceColumnSql() + " < " + k.asBucket(Kept.literal(next));
            }
        }
        add(writes, counted, "DELETE FROM " + k.storage().sql() + " WHERE " + bucketRange, false);
        add(writes, counted, "INSERT INTO " + k.storage().sql() + " SELECT * FROM (" + k.query(sourceRange) + "\n) AS q WHERE "
                + bucketRange, true);
    }

    private static String nextBucket(Connection c, Kept k, String after) throws SQLException {
        return scalar(c, "select min(" + k.bucket() + ")::text from " + k.storage().sql() + " where " + k.bucket() + " > "
                + k.asBucket(Kept.literal(after)));
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

}
