package io.matview.catalog;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.time.Instant;

/**
 * A managed view as it stands in the database.
 *
 * @param present whether the object exists (it may have been dropped outside Matview)
 * @param populated whether a materialized view holds data; plain views always do
 * @param rowEstimate PostgreSQL's estimate of a materialized view's rows ({@code reltuples}), or
 *     {@code null} for a plain view
 * @param sizeBytes size on disk with indexes, or {@code null} when absent
 * @param version the definition version applied
 * @param appliedAt when it was last created, replaced or rebuilt
 */
public record ViewStatus(QualifiedName name, Kind kind, boolean present, boolean populated, Long rowEstimate,
                         Long sizeBytes, int version, Instant appliedAt, String refreshPolicy) {
}
