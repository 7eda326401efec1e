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
 */
public record RuntimeView(QualifiedName name, Kind kind, RefreshPolicy refresh, Duration refreshTimeout,
                          long generation, Instant refreshedAt, Instant appliedAt, boolean present, boolean populated) {

    public boolean materialized() {
        return kind == Kind.MATERIALIZED_VIEW;
    }
}
