package io.matview.internal.catalog;

import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewColumn;
import io.matview.catalog.ViewDescription;
import io.matview.catalog.ViewIndex;
import io.matview.internal.db.SqlResource;
import io.matview.view.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a server serves: the managed views that exist, described from the catalog and PostgreSQL's. */
public final class ViewDescriptions {

    private ViewDescriptions() {
    }

    /** Every managed view that exists, by name in name order; empty before the catalog is current. */
    public static Map<QualifiedName, ViewDescription> read(Connection c) throws SQLException {
        if (Catalog.version(c) < Catalog.latestVersion()) {
            return Map.of();
        }
        Map<QualifiedName, List<ViewColumn>> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ViewDescriptions.class, "view-columns.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.computeIfAbsent(name(rs), k -> new ArrayList<>()).add(new ViewColumn(rs.getString("attname"),
                        rs.getString("type"), rs.getString("base_type"), rs.getString("typname"),
                        rs.getString("typcategory")));
            }
        }
        Map<QualifiedName, List<ViewIndex>> indexes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ViewDescriptions.class, "view-indexes.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                indexes.computeIfAbsent(name(rs), k -> new ArrayList<>())
                        .add(new ViewIndex(rs.getString("indexname"), rs.getString("indexdef")));
            }
        }
        Map<QualifiedName, ViewDescription> result = new LinkedHashMap<>();
        Map<QualifiedName, RuntimeView> runtime = Catalog.runtimeViews(c);
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ViewDescriptions.class, "view-details.sql"));
             ResultSet rs = ps.executeQuery()) {
            Map<QualifiedName, ViewDescription> byName = new HashMap<>();
            while (rs.next()) {
                QualifiedName name = name(rs);
                RuntimeView v = runtime.get(name);
                if (v == null || !v.present()) {
                    continue;
                }
                byName.put(name, new ViewDescription(v, columns.getOrDefault(name, List.of()), uniqueKey(rs.getArray("unique_key")),
                        indexes.getOrDefault(name, List.of()), v.materialized() ? rs.getLong("row_estimate") : null,
                        v.materialized() ? rs.getLong("size_bytes") : null, rs.getString("description")));
            }
            runtime.keySet().stream().filter(byName::containsKey).forEach(n -> result.put(n, byName.get(n)));
        }
        return Collections.unmodifiableMap(result);
    }

    /** The generation of every managed view, by name: a cheap look at what changed since the last read. */
    public static Map<QualifiedName, Long> generations(Connection c) throws SQLException {
        Map<QualifiedName, Long> result = new HashMap<>();
        if (Catalog.version(c) < Catalog.latestVersion()) {
            return result;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select schema_name, view_name, generation from matview.managed_view");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.put(name(rs), rs.getLong(3));
            }
        }
        return result;
    }

    /** {@code unique:} keeps the columns as written; the names PostgreSQL stores are what a reader compares. */
    private static List<String> uniqueKey(Array key) throws SQLException {
        return key == null ? List.of()
                : Arrays.stream((String[]) key.getArray()).map(k -> QualifiedName.parse(k, "").name()).toList();
    }

    private static QualifiedName name(ResultSet rs) throws SQLException {
        return new QualifiedName(rs.getString("schema_name"), rs.getString("view_name"));
    }
}
