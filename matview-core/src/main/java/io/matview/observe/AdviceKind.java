package io.matview.observe;

import java.util.Locale;

/** The kinds of {@link Advice}; written {@code no-unique-index} etc. in JSON and text. */
public enum AdviceKind {
    /** A materialized view without a unique index a concurrent refresh can use: every refresh locks readers out. */
    NO_UNIQUE_INDEX,
    /** A unique key column holding nulls: a concurrent refresh deletes and re-inserts those rows every time. */
    NULLABLE_UNIQUE_KEY,
    /** The role Matview connects as neither owns the materialized view nor holds {@code MAINTAIN} on it. */
    MISSING_REFRESH_PRIVILEGE,
    /** Refreshes take more than half the schedule's interval. */
    SLOW_REFRESH,
    /** A source's statistics are old for how much it changed: the planner works from wrong row counts. */
    STALE_STATISTICS,
    /** A source with many dead tuples: its scans read them too. */
    BLOATED_SOURCE,
    /** A materialized view that holds no data: reading it fails. */
    NEVER_POPULATED,
    /** Refreshes produce the same data again and again: the schedule is more frequent than the sources change. */
    SCHEDULE_TOO_FREQUENT,
    /** A plain view whose query is slow (from {@code pg_stat_statements}): materializing it would serve it faster. */
    MATERIALIZE_SLOW_VIEW;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return label();
    }
}
