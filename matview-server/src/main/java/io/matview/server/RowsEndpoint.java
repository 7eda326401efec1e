package io.matview.server;

import io.javalin.http.Context;
import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.query.RowFormat;
import io.matview.query.RowQuery;
import io.matview.view.QualifiedName;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * {@code GET /api/views/{view}/rows}: parses the query, answers 304 when the client's ETag is current,
 * serves materialized views' answers from the cache by generation, and streams large answers from a
 * cursor. At most {@code queriesPerView} queries run at once on one view, and no more reads wait on the
 * database than {@link ReadSlots} lets in.
 */
final class RowsEndpoint {
    private static final String CSV = "text/csv; charset=utf-8";

    private final ServerSettings settings;
    /** The core over the server's read pool: reads rows, read-only. */
    private final Matview reads;
    private final ViewDirectory views;
    private final RefreshListener listener;
    private final ResponseCache cache;
    private final ServerMetrics metrics;
    private final ReadSlots slots;
    private final Map<QualifiedName, Semaphore> running = new ConcurrentHashMap<>();

    RowsEndpoint(ServerSettings settings, Matview reads, ViewDirectory views, RefreshListener listener, ResponseCache cache,
                 ServerMetrics metrics, ReadSlots slots) {
        this.settings = settings;
        this.slots = slots;
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
            Snapshot snapshot = current(view);
            ServedView current = snapshot.view();
            PreparedRead read = prepared(ctx, current);
            RowQuery query = read.query();
            if (current.runtime().materialized() && !current.runtime().populated()) {
                ctx.header("Retry-After", "30");
                throw new ApiError(503, "view " + current.runtime().name() + " holds no data yet", "view",
                        "it is filled by its first refresh; retry shortly, or run 'matview refresh " + current.runtime().name() + "'");
            }
            // a real-time view changes with every commit to its source, not only with its generation: never cached
            boolean cacheable = current.runtime().kind().changesOnlyOnRefresh();
            if (cacheable) {
                cachingHeaders(ctx, current, read.etag());
                if (matches(ctx.header("If-None-Match"), read.etag())) {
                    status = "304";
                    ctx.status(304);
                    return;
                }
            } else {
                ctx.header("Cache-Control", "no-cache");
            }
            ctx.contentType(query.format() == RowFormat.CSV ? CSV : Json.CONTENT_TYPE);
            boolean cached = cacheable && cache.enabled() && query.limit() <= settings.cachedRowsMax();
            if (snapshot.unreachable() != null) {
                byte[] body = cached ? cache.getIfPresent(read.cacheKey()) : null;
                if (body == null) {
                    throw ErrorMapping.databaseUnavailable(ctx, snapshot.unreachable());
                }
                ctx.result(body);
            } else if (cached) {
                ctx.result(cache.get(read.cacheKey(), k -> withPermit(ctx, current, () -> buffered(current, query))));
            } else {
                withPermit(ctx, current, () -> {
                    stream(ctx, current, query);
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

    /** The request's query, checked by the core, with its ETag and cache key: made once per query string and snapshot. */
    private PreparedRead prepared(Context ctx, ServedView view) {
        RowFormat format = String.valueOf(ctx.header("Accept")).contains("text/csv") ? RowFormat.CSV : RowFormat.JSON;
        String queryString = ctx.queryString();
        return view.prepared(new ServedView.Request(queryString == null ? "" : queryString, format), request -> {
            RowQuery query = parse(view, request);
            String canonical = query.canonical();
            String etag = "\"g" + view.runtime().generation() + "-" + sha256(view.runtime().name() + "|" + canonical).substring(0, 16) + "\"";
            return new PreparedRead(query, etag, new ResponseCache.Key(view.runtime().name().toString(), view.runtime().generation(),
                    canonical));
        });
    }

    private static void cachingHeaders(Context ctx, ServedView view, String etag) {
        ctx.header("ETag", etag);
        ctx.header("Matview-Generation", view.generationHeader());
        if (view.refreshedAtHeader() != null) {
            ctx.header("Matview-Refreshed-At", view.refreshedAtHeader());
            ctx.header("Last-Modified", view.lastModifiedHeader());
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

    /** The query as the core checks it; its refusal is a 400 naming the parameter. */
    private RowQuery parse(ServedView view, ServedView.Request request) {
        try {
            return Matview.parseRowQuery(view.description(), request.queryString(), request.defaultFormat(), settings.defaultLimit(),
                    settings.maxLimit());
        } catch (MatviewException e) {
            throw e.code() == ErrorCode.INVALID_QUERY ? ApiError.badRequest(e.what(), e.where(), e.hint()) : e;
        }
    }

    private byte[] buffered(ServedView view, RowQuery query) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reads.writeRows(view.description(), query, settings.statementTimeout(), out);
        return out.toByteArray();
    }

    /**
     * Streams the answer. Once the first bytes have left, the status cannot change any more: a failure
     * after that aborts the response, so the client sees a broken transfer, never a body it could take
     * for a whole answer. A failure before that is an ordinary error answer.
     */
    private void stream(Context ctx, ServedView view, RowQuery query) {
        try {
            reads.writeRows(view.description(), query, settings.statementTimeout(), ctx.outputStream());
        } catch (IOException | RuntimeException e) {
            if (!ctx.res().isCommitted()) {
                ctx.res().resetBuffer();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run() throws IOException;
    }

    /** Bounds the reads in the database and the queries running at once on one view, and turns database refusals into answers. */
    private <T> T withPermit(Context ctx, ServedView view, Read<T> read) {
        if (!slots.tryEnter()) {
            ctx.header("Retry-After", "1");
            throw new ApiError(503, "the server is busy: " + slots.limit() + " reads are waiting on the database", null,
                    "retry shortly");
        }
        try {
            return withViewPermit(ctx, view, read);
        } finally {
            slots.exit();
        }
    }

    private <T> T withViewPermit(Context ctx, ServedView view, Read<T> read) {
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
        } catch (MatviewException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw ErrorMapping.queryError(ctx, view, sql, settings.statementTimeout());
            }
            throw e.code() == ErrorCode.INVALID_QUERY ? ApiError.badRequest(e.what(), e.where(), e.hint()) : e;
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
