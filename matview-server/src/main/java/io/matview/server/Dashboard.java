package io.matview.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The web dashboard: static pages and scripts from the classpath that read the JSON API from the
 * browser. Only the files named here are served, and every answer carries a Content-Security-Policy
 * that allows scripts from this server alone (no inline script, no eval), so that a value that
 * slipped into the page as markup still could not run.
 */
final class Dashboard {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "list.js", "text/javascript; charset=utf-8",
            "view.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, byte[]> content = new HashMap<>();

    Dashboard() {
        for (String name : ASSETS.keySet()) {
            try (InputStream in = Dashboard.class.getResourceAsStream("dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard asset missing from the classpath: " + name);
                }
                content.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code /} (the list of views) and {@code /views/{view}}: one page, whose scripts read the address. */
    void page(Context ctx) {
        serve(ctx, "index.html");
    }

    /** {@code /dashboard/{asset}}: the scripts and the style sheet. */
    void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        if (!ASSETS.containsKey(name) || name.endsWith(".html")) {
            throw new ApiError(404, "no such dashboard file", "asset", "the dashboard is at /");
        }
        serve(ctx, name);
    }

    private void serve(Context ctx, String name) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType(ASSETS.get(name)).result(content.get(name));
    }
}
