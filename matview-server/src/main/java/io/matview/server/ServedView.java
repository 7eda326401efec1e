package io.matview.server;

import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewColumn;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.matview.catalog.ViewDescription;
import io.matview.query.RowFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A managed view as the server serves it: the core's description of its runtime state, columns and
 * indexes, in one snapshot (a reload makes new ones). What every request for the snapshot would
 * compute alike (the caching headers, the parsed query of a query string and its ETag) is computed once.
 */
final class ServedView {
    /** Distinct query strings remembered per view snapshot: bounded, so hostile variety costs only re-parsing. */
    private static final int PREPARED_MAX = 1024;

    private final ViewDescription description;
    private final Optional<Instant> nextRefresh;
    private final String generationHeader;
    private final String refreshedAtHeader;
    private final String lastModifiedHeader;
    private final Cache<Request, PreparedRead> prepared = Caffeine.newBuilder().maximumSize(PREPARED_MAX).build();

    ServedView(ViewDescription description) {
        this.description = description;
        RuntimeView runtime = description.runtime();
        Instant base = runtime.refreshedAt() != null ? runtime.refreshedAt() : runtime.appliedAt();
        this.nextRefresh = runtime.kind().refreshable() ? runtime.refresh().nextAfter(base) : Optional.empty();
        this.generationHeader = Long.toString(runtime.generation());
        this.refreshedAtHeader = runtime.refreshedAt() == null ? null : runtime.refreshedAt().toString();
        this.lastModifiedHeader = runtime.refreshedAt() == null ? null
                : DateTimeFormatter.RFC_1123_DATE_TIME.format(runtime.refreshedAt().atOffset(ZoneOffset.UTC));
    }

    ViewDescription description() {
        return description;
    }

    RuntimeView runtime() {
        return description.runtime();
    }

    /** When the clock next refreshes it ({@code every}, {@code cron}); empty otherwise. */
    Optional<Instant> nextRefresh() {
        return nextRefresh;
    }

    String generationHeader() {
        return generationHeader;
    }

    /** {@code Matview-Refreshed-At}, or {@code null} before the first refresh. */
    String refreshedAtHeader() {
        return refreshedAtHeader;
    }

    /** {@code Last-Modified}, or {@code null} before the first refresh. */
    String lastModifiedHeader() {
        return lastModifiedHeader;
    }

    /** A query string as a request asks it of this snapshot. */
    record Request(String queryString, RowFormat defaultFormat) {
    }

    /**
     * The read a query string asks for, parsed and checked once per snapshot; a refused query string is
     * not remembered, it is refused again.
     */
    PreparedRead prepared(Request request, Function<Request, PreparedRead> prepare) {
        return prepared.get(request, prepare);
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
