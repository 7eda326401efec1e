package io.matview.refresh;

import io.matview.MatviewException;
import io.matview.catalog.Catalog;
import io.matview.catalog.RuntimeView;
import io.matview.db.DatabaseErrors;
import io.matview.db.SqlResource;
import io.matview.view.Durations;
import io.matview.view.QualifiedName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes materialized views: concurrently when it can, once across every process (a PostgreSQL
 * advisory lock per view), each attempt logged, every materialized view that reads a refreshed one
 * refreshed after it, and each success announced with {@code NOTIFY matview_refreshed}.
 *
 * <p>Thread-safe; one instance per process is enough.
 */
public final class Refresher {
    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);
    /** First key of every refresh lock (the second is the view's): keeps them apart from other advisory locks. */
    static final int LOCK_NAMESPACE = 0x6d760001;
    /** Above this many rows (PostgreSQL's estimate) a refresh does not count them: counting would cost too much. */
    private static final double COUNT_ROWS_BELOW = 1_000_000;

    private final DataSource dataSource;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelling;

    public Refresher(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Refreshes {@code views}, and after them every materialized view that reads them (directly or
     * through plain views), in dependency order. A requested plain view refreshes the materialized
     * views that read it.
     *
     * @return one log entry per attempt, in the order made
     */
    public List<RefreshLogEntry> refresh(Collection<QualifiedName> views, RefreshOptions options) {
        Graph graph = graph();
        Set<QualifiedName> requested = new LinkedHashSet<>();
        for (QualifiedName v : views) {
            RuntimeView view = graph.views().get(v);
            if (view == null) {
                throw new MatviewException("no managed view named " + v, v.toString(),
                        "'matview status' lists the managed views");
            }
            if (!view.present()) {
                throw new MatviewException(v + " is managed but missing from the database", v.toString(),
                        "run 'matview apply' to create it again");
            }
            requested.add(v);
        }
        if (options.mode() == RefreshMode.CONCURRENT) {
            checkConcurrentPossible(requested, graph);
        }
        Set<QualifiedName> roots = new LinkedHashSet<>(requested);
        if (options.upstream()) {
            requested.forEach(v -> roots.addAll(graph.upstream(v)));
        }
        return refreshInOrder(graph, roots, requested, options, null);
    }

    /** Refreshes every managed materialized view, in dependency order. */
    public List<RefreshLogEntry> refreshAll(RefreshOptions options) {
        Graph graph = graph();
        Set<QualifiedName> all = new TreeSet<>();
        graph.views().values().stream().filter(RuntimeView::materialized).filter(RuntimeView::present)
                .forEach(v -> all.add(v.name()));
        if (options.mode() == RefreshMode.CONCURRENT) {
            checkConcurrentPossible(all, graph);
        }
        return refreshInOrder(graph, all, all, options, null);
    }

    /**
     * The scheduler's refresh: skips (and logs it) when another process holds the view's lock, and
     * does nothing when, inside the lock, the view turns out to have been refreshed since {@code dueSince}.
     * Then cascades like {@link #refresh}.
     *
     * @return the attempts made; empty when the view was no longer due
     */
    public List<RefreshLogEntry> refreshIfDue(QualifiedName view, Trigger trigger, Instant dueSince, RefreshOptions options) {
        Graph graph = graph();
        if (!graph.views().containsKey(view) || !graph.views().get(view).present()) {
            return List.of();
        }
        return refreshInOrder(graph, Set.of(view), Set.of(view), options.withTrigger(trigger), dueSince);
    }

    private List<RefreshLogEntry> refreshInOrder(Graph graph, Set<QualifiedName> roots, Set<QualifiedName> requested,
                                                 RefreshOptions options, Instant dueSince) {
        Set<QualifiedName> all = new LinkedHashSet<>(roots);
        roots.forEach(r -> all.addAll(graph.downstream(r)));
        List<RefreshLogEntry> results = new ArrayList<>();
        Set<QualifiedName> notRefreshed = new HashSet<>();
        for (QualifiedName v : graph.order(all)) {
            RuntimeView view = graph.views().get(v);
            if (!view.materialized() || !view.present()) {
                continue;
            }
            boolean root = roots.contains(v);
            Trigger trigger = root ? options.trigger() : Trigger.CASCADE;
            RefreshMode mode = requested.contains(v) ? options.mode()
                    : options.mode() == RefreshMode.FULL ? RefreshMode.FULL : RefreshMode.AUTO;
            QualifiedName failedSource = graph.upstream(v).stream().filter(notRefreshed::contains).findFirst().orElse(null);
            RefreshLogEntry entry;
            if (failedSource != null) {
                entry = logOutside(v, trigger, null, null, RefreshStatus.SKIPPED, null,
                        "not refreshed: " + failedSource + ", which it reads, was not refreshed");
            } else if (cancelling) {
                entry = logOutside(v, trigger, null, null, RefreshStatus.CANCELLED, null, "Matview is shutting down");
            } else {
                boolean scheduled = dueSince != null && root;
                entry = refreshOne(view, trigger, mode, options, scheduled ? dueSince : null);
                if (entry == null) {
                    return results; // another process refreshed it since it fell due: nothing to do
                }
            }
            if (!entry.ok()) {
                notRefreshed.add(v);
            }
            results.add(entry);
        }
        return results;
    }

    private void checkConcurrentPossible(Set<QualifiedName> views, Graph graph) {
        try (Connection c = dataSource.getConnection()) {
            for (QualifiedName v : views) {
                if (!graph.views().get(v).materialized()) {
                    continue;
                }
                ViewState state = state(c, v);
                if (!state.populated()) {
                    throw new MatviewException(v + " cannot be refreshed concurrently: it holds no data yet", v.toString(),
                            "refresh it once with --mode full (or auto)");
                }
                if (!state.hasUniqueIndex()) {
                    throw new MatviewException(v + " cannot be refreshed concurrently: it has no unique index on plain "
                            + "columns", v.toString(), "declare its unique key in the view file ('-- unique: col1, col2') "
                            + "and run 'matview apply'");
                }
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    private record ViewState(Instant now, boolean populated, boolean hasUniqueIndex, double estimatedRows) {
    }

    private static ViewState state(Connection c, QualifiedName v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Refresher.class, "state.sql"))) {
            ps.setString(1, v.sql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ViewState(rs.getTimestamp(1).toInstant(), rs.getBoolean(2), rs.getBoolean(3), rs.getDouble(4));
            }
        }
    }

    /** One view: lock, decide the mode, REFRESH, count, advance the generation, log, commit. */
    private RefreshLogEntry refreshOne(RuntimeView view, Trigger trigger, RefreshMode requested, RefreshOptions options,
                                       Instant dueSince) {
        QualifiedName v = view.name();
        long startNanos = System.nanoTime();
        Instant started = null;
        RefreshMode mode = null;
        String modeReason = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean locked = dueSince != null ? tryLock(c, v) : waitForLock(c, v, options.lockWait());
            // the log's start is after the wait for the lock: two refreshes of a view never overlap in it
            started = now(c);
            startNanos = System.nanoTime();
            if (!locked) {
                String holder = lockHolder(c, v);
                c.rollback();
                String error = dueSince != null ? "another process is refreshing it" + holder
                        : "waited " + Durations.format(options.lockWait()) + " for the refresh lock" + holder;
                return log(c, v, trigger, null, null, RefreshStatus.SKIPPED, started, startNanos, null, null, error, true);
            }
            if (dueSince != null && refreshedSince(c, v, dueSince)) {
                c.rollback();
                return null;
            }
            ViewState state = state(c, v);
            if (requested == RefreshMode.FULL) {
                mode = RefreshMode.FULL;
                modeReason = "full refresh requested";
            } else if (!state.populated()) {
                mode = RefreshMode.FULL;
                modeReason = "it holds no data yet: the first refresh cannot be concurrent";
            } else if (!state.hasUniqueIndex()) {
                mode = RefreshMode.FULL;
                modeReason = "no unique index on plain columns: declare '-- unique:' to refresh concurrently";
            } else {
                mode = RefreshMode.CONCURRENT;
                modeReason = requested == RefreshMode.CONCURRENT ? "concurrent refresh requested"
                        : "populated, with a unique index";
            }
            try (Statement s = c.createStatement()) {
                running.add(s);
                if (cancelling) {
                    running.remove(s);
                    throw new SQLException("cancelled before it started", DatabaseErrors.QUERY_CANCELED);
                }
                s.execute("SET LOCAL lock_timeout = " + Math.max(1, options.lockTimeout().toMillis()));
                s.execute("SET LOCAL statement_timeout = "
                        + (view.refreshTimeout() == null ? 0 : view.refreshTimeout().toMillis()));
                s.execute("SET LOCAL application_name = 'matview refresh " + host.replace("'", "") + ":" + pid + "'");
                try {
                    s.execute("REFRESH MATERIALIZED VIEW " + (mode == RefreshMode.CONCURRENT ? "CONCURRENTLY " : "") + v.sql());
                } finally {
                    running.remove(s);
                }
                s.execute("SET LOCAL statement_timeout = 0");
            }
            Long rows = state.estimatedRows() < COUNT_ROWS_BELOW ? count(c, v) : null;
            long generation = Catalog.advanceGeneration(c, v, started);
            RefreshLogEntry entry = log(c, v, trigger, mode, modeReason, RefreshStatus.OK, started, startNanos, rows,
                    generation, null, false);
            c.commit();
            LOG.info("refreshed {} ({}, {} ms, generation {})", v, mode, entry.durationMs(), generation);
            return entry;
        } catch (SQLException e) {
            return failed(v, trigger, mode, modeReason, started, startNanos, e, view.refreshTimeout(), options);
        }
    }

    private RefreshLogEntry failed(QualifiedName v, Trigger trigger, RefreshMode mode, String modeReason, Instant started,
                                   long startNanos, SQLException e, Duration timeout, RefreshOptions options) {
        RefreshStatus status = RefreshStatus.FAILED;
        String error = e.getMessage();
        if (DatabaseErrors.QUERY_CANCELED.equals(e.getSQLState())) {
            if (cancelling) {
                status = RefreshStatus.CANCELLED;
                error = "cancelled on shutdown; the previous data is still in place";
            } else if (timeout != null) {
                error = "ran longer than its timeout (" + Durations.format(timeout) + ") and was stopped; the previous "
                        + "data is still in place. Raise '-- timeout:' in the view file, or make the query faster";
            }
        } else if (DatabaseErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            error = "waited more than " + Durations.format(options.lockTimeout()) + " for a lock on the view (a long "
                    + "query or open transaction holds one); the previous data is still in place";
        } else if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            throw DatabaseErrors.translate(e);
        }
        LOG.warn("refresh of {} {}: {}", v, status.label(), error);
        return logOutside(v, trigger, mode, modeReason, status, started, startNanos, error);
    }

    private RefreshLogEntry logOutside(QualifiedName v, Trigger trigger, RefreshMode mode, String modeReason,
                                       RefreshStatus status, Instant started, String error) {
        return logOutside(v, trigger, mode, modeReason, status, started, System.nanoTime(), error);
    }

    /** Logs an attempt that did not commit, in a transaction of its own. */
    private RefreshLogEntry logOutside(QualifiedName v, Trigger trigger, RefreshMode mode, String modeReason,
                                       RefreshStatus status, Instant started, long startNanos, String error) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return log(c, v, trigger, mode, modeReason, status, started == null ? now(c) : started, startNanos, null,
                    null, error, false);
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    private RefreshLogEntry log(Connection c, QualifiedName v, Trigger trigger, RefreshMode mode, String modeReason,
                                RefreshStatus status, Instant started, long startNanos, Long rows, Long generation,
                                String error, boolean commit) throws SQLException {
        long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Refresher.class, "log-insert.sql"))) {
            int i = 1;
            ps.setString(i++, v.schema());
            ps.setString(i++, v.name());
            ps.setString(i++, trigger.label());
            ps.setString(i++, mode == null ? null : mode.label());
            ps.setString(i++, modeReason);
            ps.setString(i++, status.label());
            ps.setTimestamp(i++, Timestamp.from(started));
            ps.setLong(i++, durationMs);
            ps.setObject(i++, rows, java.sql.Types.BIGINT);
            ps.setObject(i++, generation, java.sql.Types.BIGINT);
            ps.setString(i++, error);
            ps.setString(i++, host);
            ps.setLong(i, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                RefreshLogEntry entry = new RefreshLogEntry(rs.getLong(1), v, trigger, mode, modeReason, status, started,
                        rs.getTimestamp(2).toInstant(), durationMs, rows, generation, error, host, pid);
                if (commit && !c.getAutoCommit()) {
                    c.commit();
                }
                return entry;
            }
        }
    }

    /** The refresh log, newest first; {@code view} {@code null} for every view. */
    public List<RefreshLogEntry> history(QualifiedName view, int limit) {
        List<RefreshLogEntry> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            if (Catalog.version(c) < 2) {
                return result;
            }
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Refresher.class, "log-select.sql"))) {
                ps.setString(1, view == null ? null : view.toString());
                ps.setString(2, view == null ? null : view.schema());
                ps.setString(3, view == null ? null : view.name());
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String mode = rs.getString("mode");
                        result.add(new RefreshLogEntry(rs.getLong("id"),
                                new QualifiedName(rs.getString("schema_name"), rs.getString("view_name")),
                                Trigger.fromLabel(rs.getString("trigger")), mode == null ? null : RefreshMode.parse(mode),
                                rs.getString("mode_reason"), RefreshStatus.fromLabel(rs.getString("status")),
                                rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("finished_at").toInstant(),
                                rs.getLong("duration_ms"), (Long) rs.getObject("rows"), (Long) rs.getObject("generation"),
                                rs.getString("error"), rs.getString("host"), rs.getLong("pid")));
                    }
                }
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
        return result;
    }

    /** Deletes log entries older than {@code keep}; returns how many. */
    public int prune(Duration keep) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "delete from matview.refresh_log where started_at < clock_timestamp() - ? * interval '1 millisecond'")) {
            ps.setLong(1, keep.toMillis());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    /** Cancels the refreshes running now (their previous data stays) and starts no new one. */
    public void cancelRunning() {
        cancelling = true;
        for (Statement s : running) {
            try {
                s.cancel();
            } catch (SQLException e) {
                LOG.warn("could not cancel a running refresh: {}", e.getMessage());
            }
        }
    }

    /** Whether a refresh is running in this process now. */
    public boolean busy() {
        return !running.isEmpty();
    }

    private static boolean tryLock(Connection c, QualifiedName v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, LOCK_NAMESPACE);
            ps.setInt(2, lockKey(v));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean waitForLock(Connection c, QualifiedName v, Duration wait) throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 20;
        while (true) {
            if (tryLock(c, v)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(500, pause * 2);
        }
    }

    /** The second key of a view's refresh lock: stable across processes and releases. */
    static int lockKey(QualifiedName v) {
        return v.toString().hashCode();
    }

    private static String lockHolder(Connection c, QualifiedName v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Refresher.class, "lock-holder.sql"))) {
            ps.setLong(1, LOCK_NAMESPACE);
            ps.setLong(2, Integer.toUnsignedLong(lockKey(v)));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                Timestamp since = rs.getTimestamp(4);
                return " (held by PostgreSQL backend " + rs.getInt(1) + ", application '" + rs.getString(2) + "'"
                        + (rs.getString(3) == null ? "" : " from " + rs.getString(3))
                        + (since == null ? "" : ", since " + since.toInstant()) + ")";
            }
        }
    }

    /** Whether the view's data was taken after {@code since}: then it holds every change seen before. */
    private static boolean refreshedSince(Connection c, QualifiedName v, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select data_as_of >= ? from matview.managed_view where schema_name = ? and view_name = ?")) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setString(2, v.schema());
            ps.setString(3, v.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static long count(Connection c, QualifiedName v) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + v.sql())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant now(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private Graph graph() {
        try (Connection c = dataSource.getConnection()) {
            int version = Catalog.version(c);
            if (version < Catalog.latestVersion()) {
                throw new MatviewException(version == 0 ? "Matview has not applied any view in this database yet"
                        : "the matview catalog in this database is from an older release (version " + version + ")",
                        null, "run 'matview apply' once to create or upgrade it");
            }
            return new Graph(Catalog.runtimeViews(c), Catalog.reads(c));
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
