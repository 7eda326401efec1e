package io.matview.migrate;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;

/**
 * A managed view that a table migration would have failed on, dropped before the migration and
 * created again from its file after it, in the same transaction.
 *
 * @param migration the migration it was detached for (its name)
 * @param reason why: PostgreSQL's own words for what blocked the migration, or the detached view it reads
 */
public record DetachedView(QualifiedName view, Kind kind, String migration, String reason) {
    @Override
    public String toString() {
        return String.format("detach   %-18s %s  (%s: %s)", kind.label(), view, migration, reason);
    }
}
