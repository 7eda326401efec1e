package io.matview.internal.plan;

import io.matview.internal.catalog.RelationState;
import io.matview.internal.db.SqlResource;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What PostgreSQL's own catalogs say about the objects a plan touches. */
final class DatabaseState {

    /** Something that depends on a relation: a view or materialized view (with a name), or another object. */
    record Dependent(QualifiedName referenced, QualifiedName relation, char relkind, String description) {
        boolean isView() {
            return relation != null && (relkind == 'v' || relkind == 'm');
        }
    }

    private DatabaseState() {
    }

    /** The existing relations among {@code names}, with their relkind. */
    static Map<QualifiedName, Character> relations(Connection c, Collection<QualifiedName> names) throws SQLException {
        Map<QualifiedName, Character> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(DatabaseState.class, "relations.sql"))) {
            bindNames(c, ps, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(new QualifiedName(rs.getString(1), rs.getString(2)), rs.getString(3).charAt(0));
                }
            }
        }
        return result;
    }

    /** Everything that depends on any of {@code names}. */
    static List<Dependent> dependents(Connection c, Collection<QualifiedName> names) throws SQLException {
        List<Dependent> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(DatabaseState.class, "dependents.sql"))) {
            bindNames(c, ps, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String depSchema = rs.getString("dep_schema");
                    String relkind = rs.getString("dep_relkind");
                    result.add(new Dependent(new QualifiedName(rs.getString("ref_schema"), rs.getString("ref_name")),
                            depSchema == null ? null : new QualifiedName(depSchema, rs.getString("dep_name")),
                            relkind == null ? '?' : relkind.charAt(0), rs.getString("description")));
                }
            }
        }
        return result;
    }

    /** A relation's columns: {@code name type collation}, in order. */
    static List<String> columns(Connection c, String relation) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(DatabaseState.class, "columns.sql"))) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
                }
            }
        }
        return result;
    }

    /**
     * Why {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} cannot refresh the materialized view
     * {@code name}, or {@code null} when it can.
     */
    static String notConcurrentlyRefreshable(Connection c, QualifiedName name) throws SQLException {
        RelationState state = RelationState.read(c, name);
        if (!state.populated()) {
            return "it holds no data (it is not populated)";
        }
        return state.hasUniqueIndex() ? null : "it has no unique index a concurrent refresh can use";
    }

    /** The GRANT statements that give {@code target} the privileges {@code source} has. */
    static List<String> grants(Connection c, QualifiedName source, QualifiedName target) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(DatabaseState.class, "grants.sql"))) {
            ps.setString(1, target.sql());
            ps.setString(2, source.sql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }

    static Kind kindOf(char relkind) {
        return relkind == 'm' ? Kind.MATERIALIZED_VIEW : Kind.VIEW;
    }

    private static void bindNames(Connection c, PreparedStatement ps, Collection<QualifiedName> names) throws SQLException {
        ps.setArray(1, c.createArrayOf("text", names.stream().map(QualifiedName::schema).toArray()));
        ps.setArray(2, c.createArrayOf("text", names.stream().map(QualifiedName::name).toArray()));
    }
}
