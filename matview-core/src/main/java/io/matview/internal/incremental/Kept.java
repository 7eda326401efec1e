package io.matview.internal.incremental;

import io.matview.internal.db.SqlResource;
import io.matview.internal.view.Incremental;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How one incremental view is kept, as {@code matview.incremental} records it: the table of its rows, its
 * bucket, its source, and the SQL built from them. Apply writes it; the refresh reads it, without the files.
 */
record Kept(QualifiedName view, QualifiedName storage, String bucketColumn, String bucketType, String bucketExpression,
            String qualifier, QualifiedName source, String sourceColumn, String sourceType, String windowedQuery,
            long windowMs, String timeZone, boolean realTime, boolean tracked, String spec, String windowStart) {

    static Kept read(Connection c, QualifiedName view) throws SQLException {
        return read(c, view, "select * from matview.incremental where schema_name = ? and view_name = ?");
    }

    /** {@link #read}, and the refresh's settings for the rest of the transaction (its time zone among them). */
    static Kept readForRefresh(Connection c, QualifiedName view) throws SQLException {
        return read(c, view, SqlResource.load(Kept.class, "refresh-start.sql"));
    }

    private static Kept read(Connection c, QualifiedName view, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Kept(view, new QualifiedName("matview", rs.getString("storage_table")),
                        rs.getString("bucket_column"), rs.getString("bucket_type"), rs.getString("bucket_expression"),
                        rs.getString("qualifier"), new QualifiedName(rs.getString("source_schema"), rs.getString("source_table")),
                        rs.getString("source_column"), rs.getString("source_type"), rs.getString("windowed_query"),
                        rs.getLong("window_ms"), rs.getString("time_zone"), rs.getBoolean("real_time"),
                        rs.getBoolean("tracked"), rs.getString("spec"), rs.getString("window_start"));
            }
        }
    }

    String bucket() {
        return QualifiedName.quoteIdentifier(bucketColumn);
    }

    /** The query, reading only the source rows that {@code range} (a predicate on the source column) admits. */
    String query(String range) {
        return windowedQuery.replace(Incremental.RANGE, range);
    }

    /** {@code value} (SQL) cast to the bucket's type. */
    String asBucket(String value) {
        return "cast(" + value + " as " + bucketType + ")";
    }

    String sourceColumnSql() {
        return QualifiedName.quoteIdentifier(sourceColumn);
    }

    /** The bucket of a source value ({@code valueSql}, any SQL that casts to the source column's type), as text. */
    String bucketOf(Connection c, String valueSql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select " + bucketSql(valueSql) + "::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The bucket of a source value ({@code valueSql}, as {@link #bucketOf}), as an SQL expression of the bucket's type. */
    String bucketSql(String valueSql) {
        return "(select (" + bucketExpression + ") from (select cast(" + valueSql + " as " + sourceType + ") as "
                + sourceColumnSql() + ") as " + QualifiedName.quoteIdentifier(qualifier == null ? "matview_source" : qualifier) + ")";
    }

    /** The bucket the window of a refresh starting now begins with. */
    String windowStartNow(Connection c) throws SQLException {
        return bucketOf(c, windowStartInstantSql());
    }

    /** The source value that starts bucket {@code bucket}: the INSERT trigger's cutoff for a window starting there. */
    String cutoffAt(Connection c, String bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select cast(cast(? as " + bucketType + ") as " + sourceType + ")::text")) {
            ps.setString(1, bucket);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * The cutoff a renewal would set now ({@link #cutoffAt} the last refresh's window start), or {@code null}
     * when the cutoff's bucket is that window start's already: renewing every refresh would take the source
     * table's lock every refresh, for a window at most one bucket shorter.
     */
    String cutoffDue(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select cutoff is null or " + bucketSql("cutoff") + " < " + asBucket("window_start")
                + " from matview.incremental where schema_name = ? and view_name = ? and window_start is not null")) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1) ? cutoffAt(c, windowStart) : null;
            }
        }
    }

    /** The instant the window of a refresh starting now begins at, as SQL. */
    String windowStartInstantSql() {
        return "now() - interval '" + windowMs + " milliseconds'";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The SQL of the view of the file's name: kept buckets below the watermark, the query live from it on. */
    String viewSql() {
        String watermark = "(select " + asBucket("watermark") + " from matview.incremental where schema_name = "
                + literal(view.schema()) + " and view_name = " + literal(view.name()) + ")";
        // The upper bound is redundant for the rows, decisive for the plan: the planner cannot know the watermark (a
        // subquery, so that reading it costs nothing at plan time) and guesses a third of the source for "column >= ?";
        // given both bounds of a range on one column it guesses 0.5 % instead, and reads the live tail by the source
        // column's index (at 10M rows: 8 ms instead of 1.1 s). Source columns are dates or timestamps (apply checks).
        String live = sourceColumnSql() + " >= " + watermark + " AND " + sourceColumnSql() + " <= cast('infinity' as "
                + sourceType + ")";
        return "select * from " + storage.sql() + " where " + bucket() + " < " + watermark
                + "\nunion all\nselect * from (" + query(live) + "\n) as matview_live where "
                + bucket() + " >= " + watermark;
    }


    static String setTimeZone(Connection c, String zone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select current_setting('TimeZone'), set_config('TimeZone', ?, true), set_config('DateStyle', 'ISO, YMD', true)")) {
            ps.setString(1, zone);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static String functionName(QualifiedName view) {
        return "track_" + io.matview.internal.view.ViewDefinition.sha256(view.toString()).substring(0, 16);
    }
}
