package io.matview.server;

import io.javalin.http.Context;
import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.view.QualifiedName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The views' metadata, their refresh log, and refreshes over HTTP. */
final class ViewsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ViewsEndpoint.class);

    private final Matview matview;
    private final Matview catalog;
    private final ViewDirectory views;

    /** {@code matview} refreshes; {@code catalog} reads the refresh log through the server's read pool. */
    ViewsEndpoint(Matview matview, Matview catalog, ViewDirectory views) {
        this.matview = matview;
        this.catalog = catalog;
        this.views = views;
    }

    void list(Context ctx) {
        Json.answer(ctx, 200, views.all().values().stream().map(v -> v.summary(Instant.now())).toList());
    }

    void details(Context ctx) {
        Json.answer(ctx, 200, views.named(ctx.pathParam("view")).details(Instant.now()));
    }

    void history(Context ctx) {
        ServedView view = views.named(ctx.pathParam("view"));
        Json.answer(ctx, 200, catalog.refreshHistory(view.runtime().name(), limit(ctx)));
    }

    /** The refresh log of every view, newest first: one request gives the dashboard all its sparklines. */
    void allHistory(Context ctx) {
        Json.answer(ctx, 200, catalog.refreshHistory(limit(ctx)));
    }

    /** For each managed view, the managed views it reads (views that read none are absent). */
    void dependencies(Context ctx) {
        Map<String, List<String>> graph = new TreeMap<>();
        catalog.dependencies().forEach((view, reads) ->
                graph.put(view.toString(), reads.stream().map(QualifiedName::toString).sorted().toList()));
        Json.answer(ctx, 200, graph);
    }

    private static int limit(Context ctx) {
        String given = ctx.queryParam("limit");
        if (given == null) {
            return 50;
        }
        int limit;
        try {
            limit = Integer.parseInt(given);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            throw ApiError.badRequest("limit must be a whole number from 1 to 1000", "limit", null);
        }
        return limit;
    }

    void refresh(Context ctx) {
        ServedView view = views.named(ctx.pathParam("view"));
        RefreshOptions.Builder options = RefreshOptions.builder().trigger(Trigger.API)
                .upstream("true".equals(ctx.queryParam("upstream")));
        String mode = ctx.queryParam("mode");
        if (mode != null) {
            try {
                options.mode(RefreshMode.parse(mode));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage(), "mode", "use auto, concurrent or full");
            }
        }
        List<RefreshLogEntry> entries = matview.refresh(options.build(), view.runtime().name());
        int status = entries.stream().allMatch(RefreshLogEntry::ok) ? 200
                : entries.stream().anyMatch(e -> e.status() == RefreshStatus.FAILED) ? 500 : 409;
        try {
            views.reload();
        } catch (RuntimeException e) {
            LOG.warn("could not reload the views after a refresh: {}", e.getMessage());
        }
        Json.answer(ctx, status, entries);
    }
}
