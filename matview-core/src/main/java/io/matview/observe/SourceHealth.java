package io.matview.observe;

import io.matview.view.QualifiedName;
import java.time.Instant;

/**
 * A table a view reads, as {@code pg_stat_user_tables} sees it.
 *
 * @param deadRatio dead tuples as a share of live plus dead (0 for an empty table)
 * @param lastVacuum the later of the last manual vacuum and autovacuum, or {@code null}
 * @param lastAnalyze the later of the last manual analyze and autoanalyze, or {@code null}
 * @param modifiedSinceAnalyze rows changed since the statistics were last gathered
 * @param changedSinceRefresh rows changed since the view's last refresh, or {@code null} when unknown
 */
public record SourceHealth(QualifiedName table, long liveTuples, long deadTuples, double deadRatio, Instant lastVacuum,
                           Instant lastAnalyze, long modifiedSinceAnalyze, Long changedSinceRefresh) {
}
