package io.matview.internal.incremental;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.db.SqlResource;
import io.matview.internal.view.Incremental;
import io.matview.internal.view.ViewDefinition;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * Apply's part of incremental views: the table of their rows (in schema {@code matview}), the view of the
 * file's name over it, the catalog row, and the triggers that record late changes on the source.
 */
public final class IncrementalViews {
    /** How long a renewal of the cutoff may queue writers behind it before it gives up until the next refresh. */
    static final int RENEW_LOCK_TIMEOUT_MS = 100;
    private static final Set<String> BUCKET_TYPES = Set.of("date", "timestamp without time zone", "timestamp with time zone");

    private IncrementalViews() {
    }

    /** A new name for the table of {@code view}'s rows, beside any older one (a rebuild builds beside). */
    public static QualifiedName newStorage(QualifiedName view) {
        String base = view.schema() + "." + view.name();
        String suffix = "#" + ViewDefinition.sha256(base + System.nanoTime()).substring(0, 8);
        int max = QualifiedName.MAX_IDENTIFIER_BYTES - suffix.length();
        while (base.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max) {
            base = base.substring(0, base.length() - 1);
        }
        return new QualifiedName("matview", base + suffix);
    }

    /** The table of {@code view}'s rows now, or {@code null} when it is not an incremental view. */
    public static QualifiedName storageOf(Connection c, QualifiedName view) throws SQLException {
        Kept k = Kept.read(c, view);
        return k == null ? null : k.storage();
    }

    /** The canonical directive applied last, or {@code null}: what decides whether a change needs a rebuild. */
    public static String specOf(Connection c, QualifiedName view) throws SQLException {
        Kept k = Kept.read(c, view);
        return k == null ? null : k.spec();
    }

    /** Sets the view's time zone for the rest of the transaction (buckets depend on it); returns the old one. */
    public static String useTimeZone(Connection c, ViewDefinition v) throws SQLException {
        return Kept.setTimeZone(c, v.incremental().timeZone());
    }

    public static void restoreTimeZone(Connection c, String zone) throws SQLException {
        Kept.setTimeZone(c, zone);
    }

    /**
     * After the table {@code storage} is filled: records how {@code v} is kept and returns the SQL of the view
     * of its name (which apply creates under {@code target}), and (re)creates the tracking triggers.
     *
     * @param windowedQuery the windowed query, reading the new versions of views rebuilt in this apply
     */
    public static String record(Connection c, ViewDefinition v, QualifiedName storage, String windowedQuery)
            throws SQLException {
        Incremental inc = v.incremental();
        int line = v.directiveLines().get("incremental");
        String bucketType = columnType(c, storage, inc.bucketColumn());
        if (!BUCKET_TYPES.contains(bucketType)) {
            throw new MatviewException(ErrorCode.VIEW_SET, "the bucket column " + inc.bucketColumn() + " of " + v.name()
                    + " is of type " + bucketType + ", not a date or timestamp", v.source().file() + ":" + line,
                    "make the bucket the start of its period: created_at::date, date_trunc('hour', created_at)");
        }
        String sourceType = columnType(c, inc.source(), inc.sourceColumn());
        if (sourceType == null) {
            throw new MatviewException(ErrorCode.VIEW_SET, inc.source() + " has no column " + inc.sourceColumn(),
                    v.source().file() + ":" + line, "name the source table's timestamp column in the incremental directive");
        }
        if (!BUCKET_TYPES.contains(sourceType)) {
            // the late-data cutoff and the live part's range are values of the source column's type, made from buckets
            throw new MatviewException(ErrorCode.VIEW_SET, "the source column " + inc.source() + "." + inc.sourceColumn()
                    + " of " + v.name() + " is of type " + sourceType + ", not a date or timestamp", v.source().file() + ":" + line,
                    "window by a date or timestamp column of the source, e.g. from orders.created_at");
        }
        Kept old = Kept.read(c, v.name());
        Kept kept = new Kept(v.name(), storage, inc.bucketColumn(), bucketType, inc.bucketExpression(), inc.qualifier(),
                inc.source(), inc.sourceColumn(), sourceType, windowedQuery, inc.window().toMillis(), inc.timeZone(),
                inc.realTime(), inc.tracked(), inc.canonical(), null);
        String start = kept.windowStartNow(c);
        String probe = kept.bucketOf(c, Kept.literal(start));
        if (!probe.equals(start)) {
            throw new MatviewException(ErrorCode.VIEW_SET, "the bucket " + inc.bucketColumn() + " of " + v.name()
                    + " is not the start of its period (the bucket of " + start + " is " + probe + ")",
                    v.source().file() + ":" + line, "compute the bucket as the start of its period, e.g. created_at::date");
        }
        String cutoff = inc.tracked() ? kept.cutoffAt(c, start) : null;
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(IncrementalViews.class, "record.sql"))) {
            int i = 1;
            ps.setString(i++, v.name().schema());
            ps.setString(i++, v.name().name());
            ps.setString(i++, storage.name());
            ps.setString(i++, inc.bucketColumn());
            ps.setString(i++, bucketType);
            ps.setString(i++, inc.bucketExpression());
            ps.setString(i++, inc.qualifier());
            ps.setString(i++, inc.source().schema());
            ps.setString(i++, inc.source().name());
            ps.setString(i++, inc.sourceColumn());
            ps.setString(i++, sourceType);
            ps.setString(i++, windowedQuery);
            ps.setLong(i++, inc.window().toMillis());
            ps.setString(i++, inc.timeZone());
            ps.setBoolean(i++, inc.realTime());
            ps.setBoolean(i++, inc.tracked());
            ps.setString(i++, inc.canonical());
            ps.setString(i++, start);
            ps.setString(i++, inc.realTime() ? start : "infinity");
            ps.setString(i, cutoff);
            ps.executeUpdate();
        }
        if (old != null) {
            untrack(c, old);
        }
        if (inc.tracked()) {
            track(c, kept, cutoff, false);
        }
        return kept.viewSql();
    }

    /** Drops what kept a view that is dropped, or rebuilt as another kind: its table, triggers and catalog rows. */
    public static void forget(Connection c, QualifiedName view) throws SQLException {
        Kept k = Kept.read(c, view);
        if (k == null) {
            return;
        }
        untrack(c, k);
        execute(c, "DROP TABLE IF EXISTS " + k.storage().sql());
        for (String table : List.of("matview.incremental", "matview.incremental_pending")) {
            try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where schema_name = ? and view_name = ?")) {
                ps.setString(1, view.schema());
                ps.setString(2, view.name());
                ps.executeUpdate();
            }
        }
    }

    /** Drops a table of rows that a rebuild replaced. */
    public static void dropStorage(Connection c, QualifiedName storage) throws SQLException {
        execute(c, "DROP TABLE IF EXISTS " + storage.sql());
    }

    /**
     * Moves the cutoff of {@code view}'s INSERT trigger up to the start of the window of its last refresh, in a
     * transaction of its own, when that window has moved past the cutoff's bucket; gives up at once (the next
     * refresh tries again) when writers hold the source table. Replacing the trigger waits for every transaction
     * that wrote with the old cutoff, so those have all committed (or rolled back) when it commits: the old cutoff
     * is kept as {@code cutoff_before} until a refresh that starts after that has recomputed from its bucket on.
     *
     * @return whether the cutoff moved
     */
    public static boolean renewCutoff(Connection c, QualifiedName view) throws SQLException {
        return renewCutoff(c, view, null);
    }

    /** {@link #renewCutoff(Connection, QualifiedName)} to {@code cutoff}, when given (tests age the cutoff with it). */
    static boolean renewCutoff(Connection c, QualifiedName view, String cutoff) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Kept k = Kept.readForRefresh(c, view);
            String to = k == null || !k.tracked() ? null : cutoff != null ? cutoff : k.cutoffDue(c);
            if (to == null) {
                c.rollback();
                return false;
            }
            execute(c, "SET LOCAL lock_timeout = " + RENEW_LOCK_TIMEOUT_MS);
            track(c, k, to, true);
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(IncrementalViews.class, "renew-cutoff.sql"))) {
                ps.setString(1, to);
                ps.setString(2, view.schema());
                ps.setString(3, view.name());
                ps.executeUpdate();
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            if (DatabaseErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * The function and the triggers that record late writes: INSERT at row level, only for rows below
     * {@code cutoff} (PostgreSQL evaluates the WHEN clause itself and queues nothing for the rest); UPDATE and
     * DELETE at statement level, over their transition tables.
     *
     * @param renew replace the INSERT trigger only (the others stay as they are)
     */
    private static void track(Connection c, Kept k, String cutoff, boolean renew) throws SQLException {
        String function = Kept.functionName(k.view());
        try (PreparedStatement ps = c.prepareStatement("select format(?, ?, ?, ?, ?), format('%L', ?::text)")) {
            ps.setString(1, SqlResource.load(IncrementalViews.class, "track.sql"));
            ps.setString(2, function);
            ps.setString(3, k.view().schema());
            ps.setString(4, k.view().name());
            ps.setString(5, k.sourceColumn());
            ps.setString(6, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                // before an upgrade the function recorded statements only: a renewal brings its row-level part
                execute(c, rs.getString(1));
                cutoff = rs.getString(2);
            }
        }
        String call = " EXECUTE FUNCTION matview." + QualifiedName.quoteIdentifier(function) + "()";
        String on = " ON " + k.source().sql();
        execute(c, "CREATE OR REPLACE TRIGGER " + QualifiedName.quoteIdentifier(function + "_ins") + " AFTER INSERT" + on
                + " FOR EACH ROW WHEN (new." + k.sourceColumnSql() + " < cast(" + cutoff + " as " + k.sourceType() + "))" + call);
        if (renew) {
            return;
        }
        execute(c, "CREATE TRIGGER " + QualifiedName.quoteIdentifier(function + "_upd") + " AFTER UPDATE" + on
                + " REFERENCING OLD TABLE AS matview_old NEW TABLE AS matview_new FOR EACH STATEMENT" + call);
        execute(c, "CREATE TRIGGER " + QualifiedName.quoteIdentifier(function + "_del") + " AFTER DELETE" + on
                + " REFERENCING OLD TABLE AS matview_old FOR EACH STATEMENT" + call);
    }

    private static void untrack(Connection c, Kept k) throws SQLException {
        String function = Kept.functionName(k.view());
        if (columnType(c, k.source(), k.sourceColumn()) != null) {
            for (String suffix : List.of("_ins", "_upd", "_del")) {
                execute(c, "DROP TRIGGER IF EXISTS " + QualifiedName.quoteIdentifier(function + suffix) + " ON " + k.source().sql());
            }
        }
        execute(c, "DROP FUNCTION IF EXISTS matview." + QualifiedName.quoteIdentifier(function) + "()");
    }

    private static String columnType(Connection c, QualifiedName relation, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(IncrementalViews.class, "column-type.sql"))) {
            ps.setString(1, relation.sql());
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
