package io.matview.internal.observe;

import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewStatus;
import io.matview.internal.catalog.Catalog;
import io.matview.internal.db.SqlResource;
import io.matview.internal.refresh.RefreshLog;
import io.matview.internal.schedule.DueTimes;
import io.matview.observe.Advice;
import io.matview.observe.Freshness;
import io.matview.observe.RefreshStats;
import io.matview.observe.SourceHealth;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every managed view's status with its measures, from catalogs, statistics and the refresh log only:
 * observing never reads a view's rows, so it costs the same for a view of ten rows and of ten million.
 */
public final class Observer {

    private Observer() {
    }

    /** The catalog's part of a view's status and the relation facts read beside it, per view. */
    private record Relation(boolean mayRefresh, String nullKeyColumns, boolean hasUniqueIndex) {
    }

    private record Stats(RefreshStats refreshes, boolean sameRows) {
    }

    /** An incremental view's rows and size: those of the table it is kept in. */
    /** The table an incremental or real-time view keeps its rows in. */
    private record Kept(Long rowEstimate, Long sizeBytes, QualifiedName table, boolean mayRefresh, boolean mayRenewCutoff) {
    }

    public static List<ViewStatus> status(Connection c) throws SQLException {
        List<ViewStatus> base = Catalog.status(c);
        if (base.isEmpty()) {
            return base;
        }
        Session session = session(c);
        Instant now = session.now();
        Map<QualifiedName, RuntimeView> runtime = Catalog.existingRuntimeViews(c);
        Map<QualifiedName, Long> streaks = failureStreaks(c);
        Map<QualifiedName, Stats> stats = refreshStats(c);
        Map<QualifiedName, List<SourceHealth>> sources = sources(c);
        boolean maintainExists = c.getMetaData().getDatabaseMajorVersion() >= 17;
        Map<QualifiedName, Relation> relations = relations(c, maintainExists);
        Map<QualifiedName, Kept> kept = keptTables(c);
        Map<QualifiedName, Double> slowViews = SlowStatements.read(c, session.statementsSchema(), Advisor.SLOW_VIEW_MS);
        String role = session.role();
        List<ViewStatus> result = new ArrayList<>(base.size());
        for (ViewStatus v : base) {
            RuntimeView rv = runtime.get(v.name());
            // incremental and real-time views are refreshed and logged as materialized views are
            boolean refreshable = v.kind().refreshable();
            Kept k = kept.get(v.name());
            Long rowEstimate = k == null ? v.rowEstimate() : k.rowEstimate();
            Long sizeBytes = k == null ? v.sizeBytes() : k.sizeBytes();
            Duration interval = rv == null ? null : interval(rv.refresh(), now);
            Stats s = stats.getOrDefault(v.name(), new Stats(null, false));
            long streak = streaks.getOrDefault(v.name(), 0L);
            RefreshStats refreshes = refreshable ? complete(s.refreshes(), streak, interval, rowEstimate, sizeBytes) : null;
            List<SourceHealth> src = sources.getOrDefault(v.name(), List.of());
            Freshness freshness = refreshable && rv != null ? freshness(rv, now, src) : new Freshness(null, null, null, null, null);
            Relation rel = relations.getOrDefault(v.name(), new Relation(true, null, true));
            boolean hasUniqueIndex = v.kind() != Kind.MATERIALIZED_VIEW || !v.present() || rel.hasUniqueIndex();
            List<Advice> advice = Advisor.advise(new Advisor.Facts(v.name(), v.kind(), v.present(), v.populated(),
                    hasUniqueIndex, rel.nullKeyColumns(), rel.mayRefresh(), role, maintainExists, refreshes, interval,
                    s.sameRows(), src, slowViews.get(v.name()), k == null ? null : k.table(), k == null || k.mayRefresh(),
                    k == null || k.mayRenewCutoff()));
            result.add(new ViewStatus(v.name(), v.kind(), v.present(), v.populated(), rowEstimate, sizeBytes,
                    v.version(), v.appliedAt(), v.refreshPolicy(), freshness, refreshes, src, advice));
        }
        return result;
    }

    /** The statement's time, the connected role, and the schema of pg_stat_statements (or null): one query. */
    private record Session(Instant now, String role, String statementsSchema) {
    }

    private static Session session(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select statement_timestamp(), current_user, "
                + "(select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace "
                + "where e.extname = 'pg_stat_statements')")) {
            rs.next();
            return new Session(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3));
        }
    }

    /** The time between two scheduled refreshes: an {@code every} interval, or the cron's next gap; else {@code null}. */
    static Duration interval(RefreshPolicy policy, Instant now) {
        if (policy instanceof RefreshPolicy.Every every) {
            return every.interval();
        }
        Optional<Instant> next = policy.nextAfter(now);
        Optional<Instant> after = next.flatMap(policy::nextAfter);
        return after.isPresent() ? Duration.between(next.get(), after.get()) : null;
    }

    static Freshness freshness(RuntimeView v, Instant now, List<SourceHealth> sources) {
        Double staleness = v.refreshedAt() == null ? null : Math.max(0, Duration.between(v.refreshedAt(), now).toMillis()) / 1000.0;
        Instant next = v.appliedAt() == null ? null : DueTimes.nextDue(v).orElse(null);
        Double until = next == null ? null : Math.max(0, Duration.between(now, next).toMillis()) / 1000.0;
        return new Freshness(v.refreshedAt(), staleness, pendingChange(v, sources), next, until);
    }

    /** For an on-change view, whether a source was written since its last refresh; unknown when a counter is. */
    static Boolean pendingChange(RuntimeView v, List<SourceHealth> sources) {
        if (!(v.refresh() instanceof RefreshPolicy.OnChange) || v.refreshedAt() == null) {
            return null;
        }
        if (sources.stream().anyMatch(s -> s.changedSinceRefresh() != null && s.changedSinceRefresh() > 0)) {
            return true;
        }
        return sources.stream().allMatch(s -> s.changedSinceRefresh() != null) ? false : null;
    }

    private static RefreshStats complete(RefreshStats r, long streak, Duration interval, Long rowEstimate, Long sizeBytes) {
        if (r == null) {
            return new RefreshStats(0, null, null, null, null, streak, 0, null, null, null, null);
        }
        Double share = interval == null || r.p50Ms() == null || interval.isZero() ? null : r.p50Ms() / (double) interval.toMillis();
        Double sizeGrowth = r.rowsGrowthPerDay() == null || sizeBytes == null || rowEstimate == null || rowEstimate <= 0
                ? null : r.rowsGrowthPerDay() * sizeBytes / rowEstimate;
        return new RefreshStats(r.count(), r.p50Ms(), r.p95Ms(), r.maxMs(), r.trendMsPerDay(), streak, r.failures(),
                streak > 0 ? r.lastError() : null, share, r.rowsGrowthPerDay(), sizeGrowth);
    }

    /** The scheduler's own count of failures since the data last changed: one definition of a failure streak. */
    private static Map<QualifiedName, Long> failureStreaks(Connection c) throws SQLException {
        Map<QualifiedName, Long> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(RefreshLog.class, "failures.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.put(name(rs, 1), rs.getLong(3));
            }
        }
        return result;
    }

    private static Map<QualifiedName, Stats> refreshStats(Connection c) throws SQLException {
        Map<QualifiedName, Stats> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Observer.class, "refresh-stats.sql"))) {
            ps.setInt(1, RefreshStats.WINDOW);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt("n");
                    RefreshStats r = new RefreshStats(n, roundedLong(rs, "p50"), roundedLong(rs, "p95"), roundedLong(rs, "max_ms"),
                            (Double) rs.getObject("ms_per_day"), 0, rs.getLong("failures"), rs.getString("last_error"), null,
                            (Double) rs.getObject("rows_per_day"), null);
                    result.put(name(rs, 1), new Stats(r, n >= Advisor.SAME_ROWS_RUN && rs.getLong("distinct_rows") == 1));
                }
            }
        }
        return result;
    }

    private static Long roundedLong(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : Math.round(((Number) v).doubleValue());
    }

    private static Map<QualifiedName, List<SourceHealth>> sources(Connection c) throws SQLException {
        String sql = SqlTemplate.fill(Observer.class, "sources.sql",
                Map.of("sources", Catalog.sourcesQuery()));
        Map<QualifiedName, List<SourceHealth>> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long live = rs.getLong("n_live_tup");
                long dead = rs.getLong("n_dead_tup");
                result.computeIfAbsent(name(rs, 1), k -> new ArrayList<>()).add(new SourceHealth(name(rs, 3), live, dead,
                        live + dead == 0 ? 0 : dead / (double) (live + dead), instant(rs, "last_vacuum"),
                        instant(rs, "last_analyze"), rs.getLong("n_mod_since_analyze"), (Long) rs.getObject("changed_since_refresh")));
            }
        }
        return result;
    }

    private static Map<QualifiedName, Relation> relations(Connection c, boolean maintainExists) throws SQLException {
        String sql = SqlTemplate.fill(Observer.class, "relations.sql",
                Map.of("maintain", maintainExists ? "or has_table_privilege(c.oid, 'MAINTAIN')" : ""));
        Map<QualifiedName, Relation> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.put(name(rs, 1), new Relation(rs.getBoolean("may_refresh"), rs.getString("null_key_columns"),
                        rs.getBoolean("has_unique_index")));
            }
        }
        return result;
    }

    private static Map<QualifiedName, Kept> keptTables(Connection c) throws SQLException {
        Map<QualifiedName, Kept> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Observer.class, "kept-tables.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.put(name(rs, 1), new Kept(rs.getLong("row_estimate"), rs.getLong("size_bytes"),
                        new QualifiedName("matview", rs.getString("storage_table")), rs.getBoolean("may_refresh"),
                        rs.getBoolean("may_renew_cutoff")));
            }
        }
        return result;
    }

    static QualifiedName name(ResultSet rs, int schemaColumn) throws SQLException {
        return new QualifiedName(rs.getString(schemaColumn), rs.getString(schemaColumn + 1));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
