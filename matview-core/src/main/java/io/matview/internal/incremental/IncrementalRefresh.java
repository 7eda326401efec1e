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
        String pendingLo;
        String pendingHi;
        try (PreparedStatement ps = c.prepareStatement(String.format(
                SqlResource.load(IncrementalRefresh.class, "take-pending.sql"), k.sourceType()))) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pendingLo = rs.getString(1);
                pendingHi = rs.getString(2);
            }
        }
        String windowStart = k.windowStartNow(c);
        Outcome outcome;
        if (full) {
            execute(c, "DELETE FROM " + k.storage().sql());
            long rows = execute(c, "INSERT INTO " + k.storage().sql() + " SELECT * FROM (" + k.query("true") + "\n) AS q");
            outcome = new Outcome(true, "full refresh requested", rows);
        } else {
            // from the older window start: buckets that left the window since the last refresh were read live
            // by real-time reads, and may have changed since that refresh recomputed them
            String from = k.windowStart() == null ? windowStart : least(c, k, windowStart, k.windowStart());
            String reason = "buckets from " + from;
            long rows;
            if (pendingLo == null) {
                rows = recompute(c, k, from, null);
            } else {
                String lateLo = k.bucketOf(c, Kept.literal(pendingLo));
                String lateHi = k.bucketOf(c, Kept.literal(pendingHi));
                if (before(c, k, lateHi, from)) {
                    rows = recompute(c, k, lateLo, lateHi) + recompute(c, k, from, null);
                    reason += " and late changes in buckets " + lateLo + " to " + lateHi;
                } else {
                    String lo = least(c, k, lateLo, from);
                    rows = recompute(c, k, lo, null);
                    reason = "buckets from " + lo + " (window and changes)";
                }
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

    private static String least(Connection c, Kept k, String a, String b) throws SQLException {
        return scalar(c, "select least(" + k.asBucket(Kept.literal(a)) + ", " + k.asBucket(Kept.literal(b)) + ")::text");
    }

    private static boolean before(Connection c, Kept k, String a, String b) throws SQLException {
        return Boolean.parseBoolean(scalar(c, "select (" + k.asBucket(Kept.literal(a)) + " < "
                + k.asBucket(Kept.literal(b)) + ")::text"));
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
