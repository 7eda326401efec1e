package io.matview.server;

import io.matview.Matview;
import io.matview.catalog.ViewDescription;
import io.matview.view.QualifiedName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The managed views the server can serve, as the core describes them, swapped in whole on reload: a
 * request sees one consistent snapshot, and no identifier it names reaches SQL unless it is here.
 */
final class ViewDirectory {
    private final Matview catalog;
    private volatile Map<QualifiedName, ServedView> views = Map.of();

    /** {@code catalog}: the Matview whose reads of the catalog the server waits for. */
    ViewDirectory(Matview catalog) {
        this.catalog = catalog;
    }

    /** Re-reads every view: at start, after a refresh notification, a refresh over HTTP, or a reconnect. */
    void reload() {
        Map<QualifiedName, ServedView> loaded = new LinkedHashMap<>();
        for (ViewDescription d : catalog.describeViews().values()) {
            loaded.put(d.name(), new ServedView(d));
        }
        views = Map.copyOf(loaded);
    }

    /** Whether a generation the database reports is newer than (or unknown to) this snapshot. */
    boolean behind(QualifiedName name, long generation) {
        ServedView v = views.get(name);
        return v == null || v.runtime().generation() < generation;
    }

    /** Reloads when the database holds a newer generation of {@code name} than this snapshot. */
    ServedView current(ServedView view) {
        Long generation = catalog.generations().get(view.runtime().name());
        if (generation != null && generation != view.runtime().generation()) {
            reload();
            return views.getOrDefault(view.runtime().name(), view);
        }
        return view;
    }

    /** The view a URL names: {@code schema.name}, or {@code name} in the default schema. */
    Optional<ServedView> find(String urlName) {
        if (urlName == null || urlName.isEmpty() || urlName.length() > 200) {
            return Optional.empty();
        }
        int dot = urlName.indexOf('.');
        QualifiedName name = dot < 0 ? new QualifiedName(catalog.defaultSchema(), urlName)
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
}
