package io.matview.internal.incremental;

import io.matview.internal.db.SqlResource;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
     */
    public record Outcome(boolean full, String reason, long rows) {
    }

    private IncrementalRefresh() {
    }

    /** Refreshes {@code view}: every bucket when {@code full}, else the window and the late changes. */
    public static Outcome run(Connection c, QualifiedName view, boolean full) throws SQLException {
        Kept k = Kept.read(c, view);
        if (k == null) {
            throw new SQLException("no record of how " + view + " is kept in matview.incremental; apply the view files again");
        }
        k.useTimeZone(c);
        String windowStart;
        String from;
        String lateLo;
        String lateHi;
        boolean lateBefore;
        String lowest;
        try (PreparedStatement ps = c.prepareStatement(String.format(SqlResource.load(IncrementalRefresh.class, "refresh-plan.sql"),
                k.sourceType(), k.bucketType(), k.bucketSql(k.windowStartInstantSql()), k.bucketSql("matview_pending.lo"),
                k.bucketSql("matview_pending.hi")))) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            ps.setString(3, k.windowStart());
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
            }
        }
        Outcome outcome;
        if (full) {
            execute(c, "DELETE FROM " + k.storage().sql());
            long rows = execute(c, "INSERT INTO " + k.storage().sql() + " SELECT * FROM (" + k.query("true") + "\n) AS q");
            outcome = new Outcome(true, "full refresh requested", rows);
        } else {
            String reason = "buckets from " + from;
            long rows;
            if (lateLo == null) {
                rows = recompute(c, k, from, null);
            } else if (lateBefore) {
                rows = recompute(c, k, lateLo, lateHi) + recompute(c, k, from, null);
                reason += " and late changes in buckets " + lateLo + " to " + lateHi;
            } else {
                rows = recompute(c, k, lowest, null);
                reason = "buckets from " + lowest + " (window and changes)";
            }
            outcome = new Outcome(false, reason, rows);
        }
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(IncrementalRefresh.class, "advance-watermark.sql"))) {
            ps.setString(1, windowStart);
            ps.setString(2, k.realTime() ? windowStart : "infinity");
            ps.setString(3, view.schema());
            ps.setString(4, view.name());
            ps.executeUpdate();
        }
        return outcome;
    }

    /**
     * Replaces the buckets from {@code lo} on (to {@code hi}, inclusive, when given): the source rows read are
     * those from the start of bucket {@code lo}, and before the window's start when the range ends below it.
     */
    private static long recompute(Connection c, Kept k, String lo, String hi) throws SQLException {
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
        execute(c, "DELETE FROM " + k.storage().sql() + " WHERE " + bucketRange);
        return execute(c, "INSERT INTO " + k.storage().sql() + " SELECT * FROM (" + k.query(sourceRange) + "\n) AS q WHERE "
                + bucketRange);
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

    private static long execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }
}
