package io.matview.internal.observe;

import io.matview.observe.Advice;
import io.matview.observe.AdviceKind;
import io.matview.observe.RefreshStats;
import io.matview.observe.SourceHealth;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What is worth changing about a view, from its measures alone: a pure function. */
final class Advisor {
    /** Dead tuples at which a source counts as bloated: this share of its tuples, and at least {@link #BLOAT_MIN_DEAD}. */
    static final double BLOAT_RATIO = 0.2;
    static final long BLOAT_MIN_DEAD = 1000;
    /**
     * Changes since the last analyze at which statistics count as stale: twice autovacuum's default
     * threshold (50 rows + 10 %), so autoanalyze is clearly behind, not merely about to run.
     */
    static final double STALE_SCALE = 0.2;
    static final long STALE_BASE = 100;
    /** Refreshes with the same row count, in a row, before a schedule counts as more frequent than the changes. */
    static final int SAME_ROWS_RUN = 20;
    static final long SLOW_VIEW_MS = 500;

    /** What the advisor looks at of one view. */
    record Facts(QualifiedName name, Kind kind, boolean present, boolean populated, boolean hasUniqueIndex,
                 String nullKeyColumns, boolean mayRefresh, String role, boolean maintainExists, RefreshStats refreshes,
                 Duration interval, boolean sameRowsEveryRefresh, List<SourceHealth> sources, Double slowStatementMs,
                 QualifiedName keptTable, boolean mayWriteKeptTable, boolean mayRenewCutoff) {
    }

    private Advisor() {
    }

    static List<Advice> advise(Facts f) {
        List<Advice> advice = new ArrayList<>();
        if (f.present() && f.kind() == Kind.MATERIALIZED_VIEW) {
            materialized(f, advice);
        }
        if (f.present() && f.kind().refreshable()) {
            slowRefresh(f, advice);
        }
        if (f.present() && f.keptTable() != null && !f.mayWriteKeptTable()) {
            // an incremental refresh deletes and inserts the window's buckets in the table that keeps the rows
            advice.add(new Advice(AdviceKind.MISSING_REFRESH_PRIVILEGE, "role " + f.role() + " may not delete from and insert into "
                    + f.keptTable() + ", which keeps the rows of " + f.name() + ": its refreshes fail",
                    "GRANT INSERT, DELETE ON " + f.keptTable().sql() + " TO " + QualifiedName.quoteIdentifier(f.role())
                            + ", or refresh as the role that applied it"));
        }
        if (f.present() && f.keptTable() != null && f.mayWriteKeptTable() && !f.mayRenewCutoff()) {
            // refreshes succeed, but each recomputes one more bucket a day (docs/incremental.md, "Renewal")
            advice.add(new Advice(AdviceKind.MISSING_REFRESH_PRIVILEGE, "role " + f.role() + " does not own the source table of "
                    + f.name() + " (or Matview's trigger functions on it), so its refreshes cannot renew the late-data cutoff:"
                    + " each recomputes a range that grows by a bucket a day",
                    "refresh as the role that applied it (the owner of the source table)"));
        }
        if (f.present() && f.kind() == Kind.VIEW && f.slowStatementMs() != null) {
            advice.add(new Advice(AdviceKind.MATERIALIZE_SLOW_VIEW,
                    String.format("statements reading %s take %.0f ms on average (pg_stat_statements)", f.name(), f.slowStatementMs()),
                    "make it a materialized view (-- materialized) with a refresh policy that matches how fresh it must be"));
        }
        for (SourceHealth s : f.sources()) {
            source(s, advice);
        }
        return advice;
    }

    private static void materialized(Facts f, List<Advice> advice) {
        if (!f.populated()) {
            advice.add(new Advice(AdviceKind.NEVER_POPULATED, f.name() + " holds no data: reading it fails",
                    "refresh it once"));
        }
        if (!f.hasUniqueIndex()) {
            advice.add(new Advice(AdviceKind.NO_UNIQUE_INDEX, f.name() + " has no unique index a concurrent refresh can use "
                    + "(valid, not partial, on plain columns): every refresh locks its readers out until it commits",
                    "declare the columns that identify a row in the view file: -- unique: col, ..."));
        }
        if (f.nullKeyColumns() != null) {
            advice.add(new Advice(AdviceKind.NULLABLE_UNIQUE_KEY, "unique key column(s) " + f.nullKeyColumns() + " of " + f.name()
                    + " hold nulls (pg_stats): a concurrent refresh cannot match those rows by key, so it deletes and"
                    + " re-inserts them on every refresh",
                    "key on columns that are never null, or make them non-null in the query (coalesce)"));
        }
        if (!f.mayRefresh()) {
            advice.add(new Advice(AdviceKind.MISSING_REFRESH_PRIVILEGE, "role " + f.role() + " neither owns " + f.name()
                    + (f.maintainExists() ? " nor holds MAINTAIN on it" : "") + ": its refreshes fail",
                    f.maintainExists() ? "GRANT MAINTAIN ON " + f.name().sql() + " TO " + QualifiedName.quoteIdentifier(f.role()) + ", or refresh as its owner"
                            : "refresh as its owner or a member of the owning role (PostgreSQL before 17 has no MAINTAIN privilege)"));
        }
        if (f.interval() != null && f.sameRowsEveryRefresh()) {
            advice.add(new Advice(AdviceKind.SCHEDULE_TOO_FREQUENT, "the last " + SAME_ROWS_RUN + " or more refreshes of " + f.name()
                    + " all produced the same number of rows: its sources seem to change less often than it is refreshed",
                    "refresh on change, or less often"));
        }
    }

    /**
     * Any refreshed view: incremental ones too. Not the advice on the same row count, which says nothing of
     * an incremental refresh (it writes the rows of a window of buckets, as many each time however much changes).
     */
    private static void slowRefresh(Facts f, List<Advice> advice) {
        RefreshStats r = f.refreshes();
        if (f.interval() != null && r != null && r.p95Ms() != null && r.p95Ms() > f.interval().toMillis() / 2) {
            advice.add(new Advice(AdviceKind.SLOW_REFRESH, String.format("refreshes of %s take %d ms (p95) of an interval of %d ms",
                    f.name(), r.p95Ms(), f.interval().toMillis()),
                    "refresh less often, make the query cheaper (matview explain), or split the view"));
        }
    }

    private static void source(SourceHealth s, List<Advice> advice) {
        if (s.deadTuples() >= BLOAT_MIN_DEAD && s.deadRatio() >= BLOAT_RATIO) {
            advice.add(new Advice(AdviceKind.BLOATED_SOURCE, String.format("source %s has %d dead tuples (%.0f %% of its tuples)",
                    s.table(), s.deadTuples(), s.deadRatio() * 100),
                    "VACUUM " + s.table().sql() + "; if it recurs, lower autovacuum_vacuum_scale_factor for the table"));
        }
        if (s.modifiedSinceAnalyze() > STALE_BASE + STALE_SCALE * s.liveTuples()) {
            advice.add(new Advice(AdviceKind.STALE_STATISTICS, String.format("source %s changed %d rows since its statistics were "
                            + "gathered (%s), of %d live: the planner works from wrong numbers", s.table(), s.modifiedSinceAnalyze(),
                    s.lastAnalyze() == null ? "never" : "last " + s.lastAnalyze(), s.liveTuples()),
                    "ANALYZE " + s.table().sql() + "; if it recurs, lower autovacuum_analyze_scale_factor for the table"));
        }
    }
}
