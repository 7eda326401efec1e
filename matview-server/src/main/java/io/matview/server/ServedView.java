package io.matview.server;

import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewDescription;
import io.matview.catalog.ViewIndex;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A managed view as the server serves it: the runtime state, its columns and indexes.
 *
 * @param uniqueKey the declared unique key: ties are broken by it so that paging is stable
 */
record ServedView(RuntimeView runtime, List<Column> columns, List<String> uniqueKey, List<ViewIndex> indexes,
                  Long rowEstimate, Long sizeBytes, String description) {

    static ServedView of(ViewDescription d) {
        List<Column> columns = d.columns().stream().map(c -> new Column(c.name(), c.type(), c.baseType(), c.typname(),
                Column.categorize(c.typname(), c.typcategory()))).toList();
        return new ServedView(d.runtime(), columns, d.uniqueKey(), d.indexes(), d.rowEstimate(), d.sizeBytes(), d.description());
    }

    Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** When the clock next refreshes it ({@code every}, {@code cron}); empty otherwise. */
    Optional<Instant> nextRefresh() {
        Instant base = runtime.refreshedAt() != null ? runtime.refreshedAt() : runtime.appliedAt();
        return runtime.materialized() ? runtime.refresh().nextAfter(base) : Optional.empty();
    }

    /** The summary for {@code GET /api/views}. */
    Map<String, Object> summary(Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", runtime.name().toString());
        m.put("kind", runtime.kind().label());
        m.put("columns", columns.stream().map(Column::name).toList());
        m.put("populated", runtime.populated());
        m.put("generation", runtime.generation());
        m.put("refreshedAt", runtime.refreshedAt());
        m.put("stalenessSeconds", runtime.refreshedAt() == null || !runtime.materialized() ? null
                : Math.max(0, now.getEpochSecond() - runtime.refreshedAt().getEpochSecond()));
        m.put("refresh", runtime.materialized() ? runtime.refresh().toString() : null);
        m.put("nextRefresh", nextRefresh().orElse(null));
        return m;
    }

    /** The details for {@code GET /api/views/{view}}. */
    Map<String, Object> details(Instant now) {
        Map<String, Object> m = summary(now);
        m.put("description", description);
        m.put("columns", columns.stream().map(c -> Map.of("name", c.name(), "type", c.type())).toList());
        m.put("uniqueKey", uniqueKey);
        m.put("indexes", indexes);
        m.put("rowEstimate", rowEstimate);
        m.put("sizeBytes", sizeBytes);
        return m;
    }
}
