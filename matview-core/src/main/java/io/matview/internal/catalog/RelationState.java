package io.matview.internal.catalog;

import io.matview.internal.db.SqlResource;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} needs of a materialized view, as PostgreSQL says
 * it now: one definition for the refresher (which mode) and for apply (refresh or rebuild beside).
 *
 * @param now the database's clock when it was read
 * @param populated whether the view holds data
 * @param hasUniqueIndex whether it has a unique index a concurrent refresh can use (valid, not partial, plain columns)
 * @param estimatedRows PostgreSQL's estimate ({@code reltuples})
 */
public record RelationState(Instant now, boolean populated, boolean hasUniqueIndex, double estimatedRows) {

    /** Whether a concurrent refresh can run on it. */
    public boolean concurrentlyRefreshable() {
        return populated && hasUniqueIndex;
    }

    public static RelationState read(Connection c, QualifiedName view) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(RelationState.class, "relation-state.sql"))) {
            ps.setString(1, view.sql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new RelationState(rs.getTimestamp("now").toInstant(), rs.getBoolean("relispopulated"),
                        rs.getBoolean("has_unique_index"), rs.getDouble("reltuples"));
            }
        }
    }
}
