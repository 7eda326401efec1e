package io.matview.server;

import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewColumn;
import io.matview.catalog.ViewDescription;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A managed view as the server serves it: the core's description of its runtime state, columns and indexes. */
record ServedView(ViewDescription description) {

    RuntimeView runtime() {
        return description.runtime();
    }

    /** When the clock next refreshes it ({@code every}, {@code cron}); empty otherwise. */
    Optional<Instant> nextRefresh() {
        RuntimeView runtime = runtime();
        Instant base = runtime.refreshedAt() != null ? runtime.refreshedAt() : runtime.appliedAt();
        return runtime.kind().refreshable() ? runtime.refresh().nextAfter(base) : Optional.empty();
    }

    /** The summary for {@code GET /api/views}. */
    Map<String, Object> summary(Instant now) {
        RuntimeView runtime = runtime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", runtime.name().toString());
        m.put("kind", runtime.kind().label());
        m.put("columns", description.columns().stream().map(ViewColumn::name).toList());
        m.put("populated", runtime.populated());
        m.put("generation", runtime.generation());
        m.put("refreshedAt", runtime.refreshedAt());
        m.put("stalenessSeconds", runtime.refreshedAt() == null || !runtime.kind().refreshable() ? null
                : Math.max(0, now.getEpochSecond() - runtime.refreshedAt().getEpochSecond()));
        m.put("refresh", runtime.kind().refreshable() ? runtime.refresh().toString() : null);
        m.put("nextRefresh", nextRefresh().orElse(null));
        return m;
    }

    /** The details for {@code GET /api/views/{view}}. */
    Map<String, Object> details(Instant now) {
        Map<String, Object> m = summary(now);
        m.put("description", description.description());
        m.put("columns", description.columns().stream().map(c -> Map.of("name", c.name(), "type", c.type())).toList());
        m.put("uniqueKey", description.uniqueKey());
        m.put("indexes", description.indexes());
        m.put("rowEstimate", description.rowEstimate());
        m.put("sizeBytes", description.sizeBytes());
        return m;
    }
}
