package io.matview.server;

import io.javalin.http.Context;
import io.matview.Matview;
import io.matview.catalog.ViewStatus;
import io.matview.observe.DriftMode;

/**
 * Freshness and cost over HTTP: the status of every view or one (measures, sources, advice), the
 * estimate of a drift check, and the drift check itself, which runs the view's query and so needs the
 * token like a refresh.
 */
final class ObserveEndpoint {
    private final Matview matview;
    private final Matview catalog;
    private final ViewDirectory views;

    /** {@code matview} runs drift checks; {@code catalog} reads statuses through the server's read pool. */
    ObserveEndpoint(Matview matview, Matview catalog, ViewDirectory views) {
        this.matview = matview;
        this.catalog = catalog;
        this.views = views;
    }

    void statusAll(Context ctx) {
        Json.answer(ctx, 200, catalog.status());
    }

    void status(Context ctx) {
        ServedView view = views.named(ctx.pathParam("view"));
        ViewStatus status = catalog.status().stream().filter(s -> s.name().equals(view.runtime().name())).findFirst()
                .orElseThrow(() -> new ApiError(404, "view '" + view.runtime().name() + "' is no longer managed", "view",
                        "GET /api/views lists the views this server serves"));
        Json.answer(ctx, 200, status);
    }

    void driftEstimate(Context ctx) {
        ServedView view = views.named(ctx.pathParam("view"));
        Json.answer(ctx, 200, catalog.driftEstimate(view.runtime().name()));
    }

    void drift(Context ctx) {
        ServedView view = views.named(ctx.pathParam("view"));
        DriftMode mode = DriftMode.FULL;
        String given = ctx.queryParam("mode");
        if (given != null) {
            try {
                mode = DriftMode.parse(given);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage(), "mode", "use full, sample or checksum");
            }
        }
        Json.answer(ctx, 200, matview.drift(view.runtime().name(), mode));
    }
}
