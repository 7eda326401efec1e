package io.matview.catalog;

import io.matview.view.QualifiedName;
import java.util.List;

/**
 * A managed view that exists, described for whoever serves it: its runtime state, columns, indexes
 * and declared unique key, read in one snapshot.
 *
 * @param columns in the view's column order
 * @param uniqueKey the column names of the declared {@code unique:} key, as PostgreSQL stores them
 *     (empty without one)
 * @param rowEstimate PostgreSQL's estimate of a materialized view's rows; {@code null} for a plain view
 * @param sizeBytes a materialized view's size on disk with its indexes; {@code null} for a plain view
 * @param description the {@code description:} directive, or {@code null}
 */
public record ViewDescription(RuntimeView runtime, List<ViewColumn> columns, List<String> uniqueKey,
                              List<ViewIndex> indexes, Long rowEstimate, Long sizeBytes, String description) {

    public ViewDescription {
        columns = List.copyOf(columns);
        uniqueKey = List.copyOf(uniqueKey);
        indexes = List.copyOf(indexes);
    }

    public QualifiedName name() {
        return runtime.name();
    }
}
