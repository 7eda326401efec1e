package io.matview.server;

import io.matview.catalog.Catalog;
import io.matview.catalog.RuntimeView;
import io.matview.db.SqlResource;
import io.matview.view.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The managed views the server can serve, read from the catalog and swapped in whole on reload: a
 * request sees one consistent snapshot, and no identifier it names reaches SQL unless it is here.
 */
final class ViewDirectory {
    private final DataSource dataSource;
    private final String defaultSchema;
    private volatile Map<QualifiedName, ServedView> views = Map.of();

    ViewDirectory(DataSource dataSource, String defaultSchema) {
        this.dataSource = dataSource;
        this.defaultSchema = defaultSchema;
    }

    /** Re-reads every view: after an apply, a refresh notification, or a reconnect. */
    void reload() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (Catalog.version(c) < Catalog.latestVersion()) {
                views = Map.of();
                return;
            }
            Map<QualifiedName, RuntimeView> runtime = Catalog.runtimeViews(c);
            Map<QualifiedName, List<Column>> columns = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ViewDirectory.class, "columns.sql"));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(name(rs), k -> new ArrayList<>()).add(new Column(rs.getString(3),
                            rs.getString(4), rs.getString(7), rs.getString(5), Column.categorize(rs.getString(5), rs.getString(6))));
                }
            }
            Map<QualifiedName, List<Map<String, String>>> indexes = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ViewDirectory.class, "indexes.sql"));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(name(rs), k -> new ArrayList<>())
                            .add(Map.of("name", rs.getString(3), "definition", rs.getString(4)));
                }
            }
            Map<QualifiedName, Object[]> extra = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ViewDirectory.class, "unique-keys.sql"));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array key = rs.getArray(3);
                    extra.put(name(rs), new Object[] {
                        key == null ? List.of() : Arrays.asList((String[]) key.getArray()),
                        rs.getLong(4), rs.getLong(5), rs.getString(6)});
                }
            }
            Map<QualifiedName, ServedView> loaded = new LinkedHashMap<>();
            for (RuntimeView v : runtime.values()) {
                if (!v.present()) {
                    continue;
                }
                Object[] e = extra.getOrDefault(v.name(), new Object[] {List.of(), null, null, null});
                @SuppressWarnings("unchecked")
                List<String> uniqueKey = ((List<String>) e[0]).stream().map(k -> QualifiedName.parse(k, "").name()).toList();
                loaded.put(v.name(), new ServedView(v, List.copyOf(columns.getOrDefault(v.name(), List.of())), uniqueKey,
                        indexes.getOrDefault(v.name(), List.of()), v.materialized() ? (Long) e[1] : null,
                        v.materialized() ? (Long) e[2] : null, (String) e[3]));
            }
            views = Map.copyOf(loaded);
        }
    }

    private static QualifiedName name(ResultSet rs) throws SQLException {
        return new QualifiedName(rs.getString(1), rs.getString(2));
    }

    /** The view a URL names: {@code schema.name}, or {@code name} in the default schema. */
    Optional<ServedView> find(String urlName) {
        if (urlName == null || urlName.isEmpty() || urlName.length() > 200) {
            return Optional.empty();
        }
        int dot = urlName.indexOf('.');
        QualifiedName name = dot < 0 ? new QualifiedName(defaultSchema, urlName)
                : new QualifiedName(urlName.substring(0, dot), urlName.substring(dot + 1));
        return Optional.ofNullable(views.get(name));
    }

    /** The view a URL names, or a 404. */
    ServedView named(String urlName) {
        return find(urlName).orElseThrow(() -> new ApiError(404, "unknown view '" + shorten(urlName) + "'", "view",
                "GET /api/views lists the views this server serves"));
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    Map<QualifiedName, ServedView> all() {
        return views;
    }

    /** Records a new generation announced by a notification, without waiting for a reload. */
    void advance(QualifiedName name, long generation) {
        ServedView v = views.get(name);
        if (v != null && v.runtime().generation() < generation) {
            Map<QualifiedName, ServedView> copy = new LinkedHashMap<>(views);
            RuntimeView r = v.runtime();
            copy.put(name, new ServedView(new RuntimeView(r.name(), r.kind(), r.refresh(), r.refreshTimeout(), generation,
                    r.refreshedAt(), r.appliedAt(), r.present(), true), v.columns(), v.uniqueKey(), v.indexes(),
                    v.rowEstimate(), v.sizeBytes(), v.description()));
            views = Map.copyOf(copy);
        }
    }
}
