package io.matview.server;

import io.javalin.http.Context;
import io.matview.MatviewException;
import io.matview.view.QualifiedName;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * {@code GET /api/views/{view}/rows}: parses the query, answers 304 when the client's ETag is current,
 * serves materialized views' answers from the cache by generation, and streams large answers from a
 * cursor. At most {@code queriesPerView} queries run at once on one view.
 */
final class RowsEndpoint {
    private static final String CSV = "text/csv; charset=utf-8";

    private final ServerSettings settings;
    private final DataSource reads;
    private final ViewDirectory views;
    private final RefreshListener listener;
    private final ResponseCache cache;
    private final ServerMetrics metrics;
    private final Map<QualifiedName, Semaphore> running = new ConcurrentHashMap<>();

    RowsEndpoint(ServerSettings settings, DataSource reads, ViewDirectory views, RefreshListener listener, ResponseCache cache,
                 ServerMetrics metrics) {
        this.settings = settings;
        this.reads = reads;
        this.views = views;
        this.listener = listener;
        this.cache = cache;
        this.metrics = metrics;
    }

    void handle(Context ctx) {
        Timer.Sample sample = metrics.startRequest();
        ServedView view = views.named(ctx.pathParam("view"));
        String status = "200";
        try {
            boolean csv = String.valueOf(ctx.header("Accept")).contains("text/csv");
            RowQuery query = RowQuery.parse(view, QueryString.parse(ctx.queryString()), csv, settings.defaultLimit(),
                    settings.maxLimit());
            Snapshot snapshot = current(view);
            ServedView current = snapshot.view();
            if (current.runtime().materialized() && !current.runtime().populated()) {
                ctx.header("Retry-After", "30");
                throw new ApiError(503, "view " + current.runtime().name() + " holds no data yet", "view",
                        "it is filled by its first refresh; retry shortly, or run 'matview refresh " + current.runtime().name() + "'");
            }
            // a real-time view changes with every commit to its source, not only with its generation: never cached
            boolean cacheable = current.runtime().kind().changesOnlyOnRefresh();
            if (cacheable) {
                String etag = etag(current, query);
                cachingHeaders(ctx, current, etag);
                if (matches(ctx.header("If-None-Match"), etag)) {
                    status = "304";
                    ctx.status(304);
                    return;
                }
            } else {
                ctx.header("Cache-Control", "no-cache");
            }
            ctx.contentType(query.format() == RowQuery.Format.CSV ? CSV : Json.CONTENT_TYPE);
            RowQuery.Sql sql = query.sql(current);
            boolean cached = cacheable && cache.enabled() && query.limit() <= settings.cachedRowsMax();
            ResponseCache.Key key = new ResponseCache.Key(current.runtime().name().toString(), current.runtime().generation(),
                    query.cacheKey());
            if (snapshot.unreachable() != null) {
                byte[] body = cached ? cache.getIfPresent(key) : null;
                if (body == null) {
                    throw ErrorMapping.databaseUnavailable(ctx, snapshot.unreachable());
                }
                ctx.result(body);
            } else if (cached) {
                ctx.result(cache.get(key, k -> withPermit(ctx, current, () -> buffered(query, sql))));
            } else {
                withPermit(ctx, current, () -> {
                    stream(ctx, query, sql);
                    return null;
                });
            }
        } catch (ApiError e) {
            status = Integer.toString(e.status());
            throw e;
        } finally {
            metrics.requestDone(sample, view, status);
        }
    }

    private static void cachingHeaders(Context ctx, ServedView view, String etag) {
        ctx.header("ETag", etag);
        ctx.header("Matview-Generation", Long.toString(view.runtime().generation()));
        if (view.runtime().refreshedAt() != null) {
            ctx.header("Matview-Refreshed-At", view.runtime().refreshedAt().toString());
            ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(view.runtime().refreshedAt().atOffset(ZoneOffset.UTC)));
        }
        ctx.header("Cache-Control", cacheControl(view));
    }

    /** {@code If-None-Match}: a list of tags, weak or strong, or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || (t.startsWith("W/") && t.substring(2).equals(etag))) {
                return true;
            }
        }
        return false;
    }

    private byte[] buffered(RowQuery query, RowQuery.Sql sql) throws SQLException {
        try (Connection c = reads.getConnection()) {
            return RowWriter.toBytes(c, query, sql, settings.statementTimeout());
        }
    }

    /**
     * Streams the answer. Once the first bytes have left, the status cannot change any more: a failure
     * after that aborts the response, so the client sees a broken transfer, never a body it could take
     * for a whole answer. A failure before that is an ordinary error answer.
     */
    private void stream(Context ctx, RowQuery query, RowQuery.Sql sql) throws SQLException {
        try (Connection c = reads.getConnection()) {
            RowWriter.write(c, query, sql, settings.statementTimeout(), ctx.outputStream());
        } catch (SQLException | IOException | RuntimeException e) {
            if (!ctx.res().isCommitted()) {
                ctx.res().resetBuffer();
                if (e instanceof SQLException failed) {
                    throw failed;
                }
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run() throws SQLException, IOException;
    }

    /** Bounds the queries running at once on one view, and turns database refusals into answers. */
    private <T> T withPermit(Context ctx, ServedView view, Read<T> read) {
        Semaphore permits = running.computeIfAbsent(view.runtime().name(), k -> new Semaphore(settings.queriesPerView()));
        boolean acquired = false;
        try {
            acquired = permits.tryAcquire(2, TimeUnit.SECONDS);
            if (!acquired) {
                throw new ApiError(429, "too many queries running on view " + view.runtime().name(), "view",
                        "at most " + settings.queriesPerView() + " at once; retry shortly");
            }
            return read.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", null, null);
        } catch (SQLException e) {
            throw ErrorMapping.queryError(ctx, view, e, settings.statementTimeout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (acquired) {
                permits.release();
            }
        }
    }

    /** The view to answer from, and why the database could not be asked, if it could not. */
    private record Snapshot(ServedView view, SQLException unreachable) {
    }

    /**
     * The view with its current generation: from the notifications when they are arriving, else from
     * the database, so that a lost LISTEN connection never serves an old generation. When the database
     * cannot be reached either, the newest generation known is the best there is: a cached answer for
     * it is still served, anything else fails at once with 503.
     */
    private Snapshot current(ServedView view) {
        if (listener.listening() || !view.runtime().kind().changesOnlyOnRefresh()) {
            return new Snapshot(view, null);
        }
        try {
            return new Snapshot(views.current(view), null);
        } catch (MatviewException e) {
            if (e.getCause() instanceof SQLException sql && ErrorMapping.unavailable(sql)) {
                return new Snapshot(view, sql);
            }
            throw e;
        }
    }

    private static String etag(ServedView view, RowQuery query) {
        String hash = sha256(view.runtime().name() + "|" + query.cacheKey()).substring(0, 16);
        return "\"g" + view.runtime().generation() + "-" + hash + "\"";
    }

    /** Until the next scheduled refresh the answer cannot change; an on-change or manual view can change any time. */
    private static String cacheControl(ServedView view) {
        return view.nextRefresh()
                .map(next -> "max-age=" + Math.max(0, Duration.between(Instant.now(), next).toSeconds()))
                .orElse("no-cache");
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
