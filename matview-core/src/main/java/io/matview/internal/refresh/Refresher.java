package io.matview.internal.refresh;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.catalog.RuntimeView;
import io.matview.internal.catalog.Catalog;
import io.matview.internal.catalog.RelationState;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.db.SqlResource;
import io.matview.internal.incremental.IncrementalRefresh;
import io.matview.internal.incremental.IncrementalViews;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.view.Durations;
import io.matview.view.QualifiedName;
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
import java.util.function.Consumer;
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
    /** Above this many rows (PostgreSQL's estimate) a refresh does not count them: counting would cost too much. */
    private static final double COUNT_ROWS_BELOW = 1_000_000;

    private final DataSource dataSource;
    private final RefreshLog log;
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelling;
    private volatile Reads reads;

    private final Consumer<RefreshLogEntry> onAttempt;

    public Refresher(DataSource dataSource) {
        this(dataSource, entry -> { });
    }

    /** {@code onAttempt} hears of every attempt this refresher made, once it ended (committed or not). */
    public Refresher(DataSource dataSource, Consumer<RefreshLogEntry> onAttempt) {
        this.dataSource = dataSource;
        this.log = new RefreshLog(dataSource);
        this.onAttempt = onAttempt;
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
                throw new MatviewException(ErrorCode.UNKNOWN_VIEW, "no managed view named " + v, v.toString(),
                        "the status lists the managed views");
            }
            if (!view.present()) {
                throw new MatviewException(ErrorCode.VIEW_MISSING, v + " is managed but missing from the database", v.toString(),
                        "apply the view files to create it again");
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
        return refreshInOrder(graph, roots, requested, options, null).attempts();
    }

    /** Refreshes every managed materialized view, in dependency order. */
    public List<RefreshLogEntry> refreshAll(RefreshOptions options) {
        Graph graph = graph();
        Set<QualifiedName> all = new TreeSet<>();
        graph.views().values().stream().filter(r -> r.kind().refreshable()).filter(RuntimeView::present)
                .forEach(v -> all.add(v.name()));
        if (options.mode() == RefreshMode.CONCURRENT) {
            checkConcurrentPossible(all, graph);
        }
        return refreshInOrder(graph, all, all, options, null).attempts();
    }

    /**
     * The scheduler's refresh, inside the view's lock: nothing (and nothing logged) when another
     * process holds the lock, when the view's data is already newer than {@code dueSince}, or when a
     * view it reads is being refreshed elsewhere (that refresh's cascade covers it). Otherwise it
     * refreshes and cascades like {@link #refresh}.
     */
    public DueRefresh refreshIfDue(QualifiedName view, Trigger trigger, Instant dueSince, RefreshOptions options) {
        Graph graph = graph();
        if (!graph.views().containsKey(view) || !graph.views().get(view).present()) {
            return DueRefresh.notNow(DueRefresh.Outcome.NOT_DUE);
        }
        return refreshInOrder(graph, Set.of(view), Set.of(view), options.toBuilder().trigger(trigger).build(), dueSince);
    }

    /** An attempt at one view: logged, or for a scheduled one, why not now. */
    private record One(RefreshLogEntry entry, DueRefresh.Outcome notNow) {
    }

    private DueRefresh refreshInOrder(Graph graph, Set<QualifiedName> roots, Set<QualifiedName> requested,
                                      RefreshOptions options, Instant dueSince) {
        Set<QualifiedName> all = new LinkedHashSet<>(roots);
        roots.forEach(r -> all.addAll(graph.downstream(r)));
        List<RefreshLogEntry> results = new ArrayList<>();
        Set<QualifiedName> notRefreshed = new HashSet<>();
        for (QualifiedName v : graph.order(all)) {
            RuntimeView view = graph.views().get(v);
            if (!view.kind().refreshable() || !view.present()) {
                continue;
            }
            boolean root = roots.contains(v);
            boolean scheduled = dueSince != null && root;
            Trigger trigger = root ? options.trigger() : Trigger.CASCADE;
            RefreshMode mode = requested.contains(v) ? options.mode()
                    : options.mode() == RefreshMode.FULL ? RefreshMode.FULL : RefreshMode.AUTO;
            QualifiedName failedSource = graph.upstream(v).stream().filter(notRefreshed::contains).findFirst().orElse(null);
            RefreshLogEntry entry;
            if (failedSource != null) {
                entry = logEnded(v, trigger, null, RefreshStatus.SKIPPED, null, System.nanoTime(),
                        "not refreshed: " + failedSource + ", which it reads, was not refreshed");
            } else if (cancelling && scheduled) {
                return DueRefresh.notNow(DueRefresh.Outcome.BUSY);
            } else if (cancelling) {
                entry = logEnded(v, trigger, null, RefreshStatus.CANCELLED, null, System.nanoTime(), "Matview is shutting down");
            } else {
                One one = refreshOne(view, trigger, mode, options,
                        scheduled ? dueSince : null, scheduled ? sources(graph, v) : Set.of());
                if (one.notNow() != null) {
                    return DueRefresh.notNow(one.notNow());
                }
                entry = one.entry();
            }
            if (!entry.ok()) {
                notRefreshed.add(v);
            }
            results.add(entry);
            announce(entry);
        }
        return new DueRefresh(DueRefresh.Outcome.REFRESHED, results);
    }

    private void announce(RefreshLogEntry entry) {
        try {
            onAttempt.accept(entry);
        } catch (RuntimeException e) {
            // a listener (metrics, say) must not turn a refresh that happened into an error
            LOG.warn("a refresh listener failed on {}: {}", entry.view(), e.toString());
        }
    }

    /** The materialized views {@code v} reads, directly or not, that exist: a refresh of any cascades to it. */
    private static Set<QualifiedName> sources(Graph graph, QualifiedName v) {
        Set<QualifiedName> sources = new TreeSet<>();
        for (QualifiedName u : graph.upstream(v)) {
            RuntimeView r = graph.views().get(u);
            if (r != null && r.kind().refreshable() && r.present()) {
                sources.add(u);
            }
        }
        return sources;
    }

    private void checkConcurrentPossible(Set<QualifiedName> views, Graph graph) {
        try (Connection c = dataSource.getConnection()) {
            for (QualifiedName v : views) {
                if (!graph.views().get(v).materialized()) {
                    continue;
                }
                RelationState state = RelationState.read(c, v);
                if (!state.populated()) {
                    throw new MatviewException(ErrorCode.CONCURRENT_REFRESH_IMPOSSIBLE, v + " cannot be refreshed concurrently: it holds no data yet",
                            v.toString(), "refresh it once in mode full (or auto)");
                }
                if (!state.hasUniqueIndex()) {
                    throw new MatviewException(ErrorCode.CONCURRENT_REFRESH_IMPOSSIBLE, v + " cannot be refreshed concurrently: it has no "
                            + "unique index on plain columns", v.toString(), "declare its unique key in the view file "
                            + "('-- unique: col1, col2') and apply");
                }
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    /**
     * One view: lock, decide the mode, REFRESH, count, advance the generation, log, commit. With
     * {@code dueSince} (a scheduled refresh) it does not wait for the lock, and gives up without a log
     * entry when it is not its turn.
     *
     * @param sources the views whose refresh would cascade to this one (scheduled refreshes only)
     */
    private One refreshOne(RuntimeView view, Trigger trigger, RefreshMode requested, RefreshOptions options,
                           Instant dueSince, Set<QualifiedName> sources) {
        QualifiedName v = view.name();
        long startNanos = System.nanoTime();
        Instant started = null;
        ModeChoice mode = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean scheduled = dueSince != null;
            Start start = new Start(c, view, options);
            boolean locked = scheduled ? start.once() : RefreshLock.waitFor(start, options.lockWait());
            if (scheduled) {
                DueRefresh.Outcome notNow = !locked ? DueRefresh.Outcome.BUSY
                        : refreshedSince(c, v, dueSince) ? DueRefresh.Outcome.NOT_DUE
                        : RefreshLock.anyHeldByOthers(c, sources) ? DueRefresh.Outcome.BUSY : null;
                if (notNow != null) {
                    c.rollback();
                    return new One(null, notNow);
                }
            }
            // the log's start is after the wait for the lock: two refreshes of a view never overlap in it
            started = start.started;
            startNanos = start.nanos;
            if (!locked) {
                String holder = RefreshLock.holder(c, v);
                c.rollback();
                c.setAutoCommit(true);
                return new One(log.insert(c, Attempt.ended(v, trigger, null, RefreshStatus.SKIPPED, started,
                        millisSince(startNanos), "waited " + Durations.format(options.lockWait()) + " for the refresh lock"
                                + holder)), null);
            }
            // an incremental view's table needs neither: its refresh has one mode and counts what it writes
            RelationState state = view.kind().incremental() ? null : RelationState.read(c, v);
            mode = state == null ? null : ModeChoice.choose(requested, state.populated(), state.hasUniqueIndex());
            Long rows = null;
            boolean cutoffDue = false;
            try (Statement s = c.createStatement()) {
                running.add(s);
                if (cancelling) {
                    running.remove(s);
                    throw new SQLException("cancelled before it started", DatabaseErrors.QUERY_CANCELED);
                }
                try {
                    if (view.kind().incremental()) {
                        IncrementalRefresh.Outcome done = IncrementalRefresh.run(c, v, requested == RefreshMode.FULL);
                        mode = new ModeChoice(done.full() ? RefreshMode.FULL : RefreshMode.INCREMENTAL, done.reason());
                        rows = done.rows();
                        cutoffDue = done.cutoffDue();
                    } else {
                        s.execute("REFRESH MATERIALIZED VIEW "
                                + (mode.mode() == RefreshMode.CONCURRENT ? "CONCURRENTLY " : "") + v.sql());
                    }
                } finally {
                    running.remove(s);
                }
                if (view.refreshTimeout() != null) {
                    s.execute("SET LOCAL statement_timeout = 0");
                }
            }
            if (rows == null && state.estimatedRows() < COUNT_ROWS_BELOW) {
                rows = count(c, v);
            }
            long generation = Catalog.advanceGeneration(c, v, started, tablesRead(v));
            RefreshLogEntry entry = log.insert(c, new Attempt(v, trigger, mode, RefreshStatus.OK, started,
                    millisSince(startNanos), rows, generation, null));
            c.commit();
            LOG.info("refreshed {} ({}, {} ms, generation {})", v, mode.mode(), entry.durationMs(), generation);
            if (cutoffDue) {
                renewCutoff(c, v);
            }
            return new One(entry, null);
        } catch (SQLException e) {
            return new One(failed(v, trigger, mode, started, startNanos, e, view.refreshTimeout(), options), null);
        }
    }

    /** After a committed refresh: a renewal that fails leaves the old cutoff, which stays exact, only slower. */
    private static void renewCutoff(Connection c, QualifiedName v) {
        try {
            if (!IncrementalViews.renewCutoff(c, v)) {
                LOG.debug("the late-data cutoff of {} stays: writers held its source table; the next refresh tries again", v);
            }
        } catch (SQLException e) {
            LOG.warn("the late-data cutoff of {} stays; the next refresh tries again: {}", v, e.getMessage());
        }
    }

    private RefreshLogEntry failed(QualifiedName v, Trigger trigger, ModeChoice mode, Instant started, long startNanos,
                                   SQLException e, Duration timeout, RefreshOptions options) {
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
        return logEnded(v, trigger, mode, status, started, startNanos, error);
    }

    /** Logs an attempt that did not commit, in a transaction of its own; {@code started} null for "now". */
    private RefreshLogEntry logEnded(QualifiedName v, Trigger trigger, ModeChoice mode, RefreshStatus status,
                                     Instant started, long startNanos, String error) {
        Instant start = started;
        if (start == null) {
            try (Connection c = dataSource.getConnection()) {
                start = now(c);
            } catch (SQLException e) {
                throw DatabaseErrors.translate(e);
            }
        }
        return log.insert(Attempt.ended(v, trigger, mode, status, start, millisSince(startNanos), error));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The refresh log this refresher writes: history, failures, pruning. */
    public RefreshLog log() {
        return log;
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

    /** Whether {@link #cancelRunning()} was called: no refresh starts any more. */
    public boolean cancelling() {
        return cancelling;
    }

    /** Whether a refresh is running in this process now. */
    public boolean busy() {
        return !running.isEmpty();
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

    /** An attempt at the lock that also takes the database's clock and sets the transaction's settings. */
    private final class Start implements RefreshLock.Try {
        private final Connection c;
        private final RuntimeView view;
        private final RefreshOptions options;
        private Instant started;
        private long nanos;

        Start(Connection c, RuntimeView view, RefreshOptions options) {
            this.c = c;
            this.view = view;
            this.options = options;
        }

        @Override
        public boolean once() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Refresher.class, "start.sql"))) {
                ps.setInt(1, RefreshLock.NAMESPACE);
                ps.setInt(2, RefreshLock.key(view.name()));
                ps.setString(3, Long.toString(Math.max(1, options.lockTimeout().toMillis())));
                ps.setString(4, Long.toString(view.refreshTimeout() == null ? 0 : view.refreshTimeout().toMillis()));
                ps.setString(5, "matview refresh " + log.host() + ":" + log.pid());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    started = rs.getTimestamp(2).toInstant();
                    nanos = System.nanoTime();
                    return rs.getBoolean(1);
                }
            }
        }
    }

    private static Instant now(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /**
     * The managed views, read for every call, and which reads which, read again only when the catalog's token
     * says it can have changed (by an apply here or in another process, or a view created or replaced by hand):
     * planning the dependency query costs more than the rest of a small incremental refresh.
     */
    private Graph graph() {
        try (Connection c = dataSource.getConnection()) {
            Catalog.RefreshCatalog catalog = Catalog.refreshCatalog(c);
            int version = catalog.version();
            if (version < Catalog.latestVersion()) {
                throw new MatviewException(ErrorCode.CATALOG_NOT_APPLIED, version == 0 ? "Matview has not applied any view in this database yet"
                        : "the matview catalog in this database is from an older release (version " + version + ")",
                        null, "apply the view files once to create or upgrade it");
            }
            Reads known = reads;
            if (known == null || !known.token().equals(catalog.readsToken())) {
                known = new Reads(catalog.readsToken(), Catalog.reads(c), Catalog.sources(c));
                reads = known;
            }
            return new Graph(catalog.views(), known.reads());
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    /**
     * The tables {@code v} reads, as of the last catalog token read (another thread's is no older than the caller's);
     * {@code null}, for the statement to find them, before any.
     */
    private Set<Long> tablesRead(QualifiedName v) {
        Reads known = reads;
        return known == null ? null : known.tables().getOrDefault(v, Set.of());
    }

    /**
     * Which managed view reads which, and the tables each reads (whose write counters a refresh keeps), as of the
     * catalog's {@code token}.
     */
    private record Reads(String token, Map<QualifiedName, Set<QualifiedName>> reads, Map<QualifiedName, Set<Long>> tables) {
    }
}
