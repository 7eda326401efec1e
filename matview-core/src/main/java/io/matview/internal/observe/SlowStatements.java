package io.matview.internal.observe;

import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.Map;

/** Slow statements over managed plain views, from {@code pg_stat_statements} when it is installed; else nothing. */
final class SlowStatements {

    private SlowStatements() {
    }

    /**
     * Per plain view, the mean time in ms of the slowest statement naming it, when above {@code thresholdMs};
     * {@code schema} is where the extension is created, or {@code null} when it is not.
     */
    static Map<QualifiedName, Double> read(Connection c, String schema, long thresholdMs) throws SQLException {
        Map<QualifiedName, Double> result = new HashMap<>();
        if (schema == null) {
            return result;
        }
        String sql = SqlTemplate.fill(SlowStatements.class, "slow-statements.sql",
                Map.of("statements", QualifiedName.quoteIdentifier(schema) + ".pg_stat_statements"));
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, thresholdMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(Observer.name(rs, 1), rs.getDouble("mean_ms"));
                }
            }
        } catch (SQLException e) {
            // created but not loaded (shared_preload_libraries), or not readable by this role: no advice, no error
            c.rollback(before);
            return Map.of();
        }
        return result;
    }
}
