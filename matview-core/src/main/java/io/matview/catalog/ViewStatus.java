package io.matview.catalog;

import io.matview.observe.Advice;
import io.matview.observe.Freshness;
import io.matview.observe.RefreshStats;
import io.matview.observe.SourceHealth;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.time.Instant;
import java.util.List;

/**
 * A managed view as it stands in the database, with what it costs: read from catalogs, statistics and
 * the refresh log only, never from a view's data.
 *
 * @param present whether the object exists (it may have been dropped outside Matview)
 * @param populated whether a materialized view holds data; plain views always do
 * @param rowEstimate PostgreSQL's estimate of a materialized view's rows ({@code reltuples}), or of the
 *     table an incremental or real-time view is kept in; {@code null} for a plain view
 * @param sizeBytes size on disk with indexes (of that table for an incremental view), or {@code null} when
 *     absent
 * @param version the definition version applied
 * @param appliedAt when it was last created, replaced or rebuilt
 * @param freshness staleness and the next refresh
 * @param refreshes durations, failures and growth from the refresh log
 * @param sources the tables it reads, with their vacuum and statistics state
 * @param advice what is worth changing, with the reason and the fix
 */
public record ViewStatus(QualifiedName name, Kind kind, boolean present, boolean populated, Long rowEstimate,
                         Long sizeBytes, int version, Instant appliedAt, String refreshPolicy, Freshness freshness,
                         RefreshStats refreshes, List<SourceHealth> sources, List<Advice> advice) {

    public ViewStatus {
        sources = sources == null ? List.of() : List.copyOf(sources);
        advice = advice == null ? List.of() : List.copyOf(advice);
    }

    /** The catalog's part alone, without measures. */
    public ViewStatus(QualifiedName name, Kind kind, boolean present, boolean populated, Long rowEstimate,
                      Long sizeBytes, int version, Instant appliedAt, String refreshPolicy) {
        this(name, kind, present, populated, rowEstimate, sizeBytes, version, appliedAt, refreshPolicy, null, null,
                List.of(), List.of());
    }
}
