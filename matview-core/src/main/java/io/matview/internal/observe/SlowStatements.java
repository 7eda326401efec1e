package io.matview.internal.observe;

import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Slow statements over managed plain views, from {@code pg_stat_statements} when it is installed; else nothing. */
final class SlowStatements {

    private SlowStatements() {
    }

    /** Per plain view, the mean time in ms of the slowest statement naming it, when above {@code thresholdMs}. */
    static Map<QualifiedName, Double> read(Connection c, long thresholdMs) throws SQLException {
        Map<QualifiedName, Double> result = new HashMap<>();
        String schema = installedIn(c);
        if (schema == null) {
            return result;
        }
        String sql = SqlTemplate.fill(SlowStatements.class, "slow-statements.sql",
                Map.of("statements", QualifiedName.quoteIdentifier(schema) + ".pg_stat_statements"));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, thresholdMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(Observer.name(rs, 1), rs.getDouble("mean_ms"));
                }
            }
        }
        return result;
    }

    /**
     * The schema of the extension, or {@code null} when it is not installed in this database. Reading
     * it without {@code shared_preload_libraries} fails; that too counts as not installed.
     */
    private static String installedIn(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select extnamespace::regnamespace::text from pg_extension "
                + "where extname = 'pg_stat_statements' and current_setting('shared_preload_libraries') like '%pg_stat_statements%'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1).replace("\"", "") : null;
        }
    }
}
