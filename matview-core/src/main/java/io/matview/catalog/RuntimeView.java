package io.matview.catalog;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;

/**
 * A managed view as the refresh engine, the scheduler and the server see it: from the catalog alone,
 * so they run without the view files.
 *
 * @param refreshTimeout the statement timeout of one refresh, or {@code null} for none
 * @param generation increases with every successful refresh, create and rebuild
 * @param refreshedAt when the data last changed (refresh, create or rebuild), or {@code null}
 * @param dataAsOf when the snapshot of that data was taken (the start of the refresh, or of the apply),
 *     or {@code null}: a change before it is in the data
 */
public record RuntimeView(QualifiedName name, Kind kind, RefreshPolicy refresh, Duration refreshTimeout,
                          long generation, Instant refreshedAt, Instant appliedAt, boolean present, boolean populated,
                          Instant dataAsOf) {

    /** Without {@code dataAsOf}, taken to be {@code refreshedAt}: for callers that only advance a generation. */
    public RuntimeView(QualifiedName name, Kind kind, RefreshPolicy refresh, Duration refreshTimeout, long generation,
                       Instant refreshedAt, Instant appliedAt, boolean present, boolean populated) {
        this(name, kind, refresh, refreshTimeout, generation, refreshedAt, appliedAt, present, populated, refreshedAt);
    }

    public boolean materialized() {
        return kind == Kind.MATERIALIZED_VIEW;
    }
}
