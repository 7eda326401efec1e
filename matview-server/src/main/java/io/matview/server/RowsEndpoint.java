package io.matview.server;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.query.RowFormat;
import io.matview.query.RowQuery;
import io.matview.view.QualifiedName;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * {@code GET /api/views/{view}/rows}: parses the query, answers 304 when the client's ETag is current,
 * serves materialized views' answers from the cache by generation, and streams large answers from a
 * cursor. At most {@code queriesPerView} queries run at once on one view, and no more reads wait on the
 * database than {@link ReadSlots} lets in.
 *
 * <p>It is a handler of Jetty's own API in front of Javalin, which serves every other route: the rows are what
 * the server is for, and Javalin's servlet layer with the hand-off to a worker thread cost a cache hit more CPU
 * than all the rest of its work (docs/benchmarks.md, "Where the server's CPU goes"). So it checks the request
 * limits and the bearer token itself, with the rooms Javalin's routes use, and answers errors in the same JSON.
 */
final class RowsEndpoint extends Handler.Wrapper {
    private static final String CSV = "text/csv; charset=utf-8";
    private static final String PREFIX = "/api/views/";
    private static final String SUFFIX = "/rows";

    private final ServerSettings settings;
    /** The core over the server's read pool: reads rows, read-only. */
    private final Matview reads;
    private final ViewDirectory views;
    private final RefreshListener listener;
    private final ResponseCache cache;
    private final ServerMetrics metrics;
    private final ReadSlots slots;
    private final RequestLimits limits;
    private final BearerAuth auth;
    private final Map<QualifiedName, Semaphore> running = new ConcurrentHashMap<>();

    RowsEndpoint(ServerSettings settings, Matview reads, ViewDirectory views, RefreshListener listener, ResponseCache cache,
                 ServerMetrics metrics, ReadSlots slots, RequestLimits limits, BearerAuth auth) {
        this.settings = settings;
        this.slots = slots;
        this.reads = reads;
        this.views = views;
        this.listener = listener;
        this.cache = cache;
        this.metrics = metrics;
        this.limits = limits;
        this.auth = auth;
    }

    /** The view a path names as {@code /api/views/{view}/rows} (a trailing slash allowed, as Javalin allows it), or null. */
    static String viewOf(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        if (!rest.endsWith(SUFFIX)) {
            return null;
        }
        String view = rest.substring(0, rest.length() - SUFFIX.length());
        return view.isEmpty() || view.indexOf('/') >= 0 ? null : view;
    }

    /**
     * Jetty may call it on the thread that parsed the request, without handing the request to another thread:
     * what it answers from memory (a 304, a cache hit, an error) it answers there, and it hands the rest (reads,
     * Javalin's routes) to the server's threads itself. Without the hand-off a cache hit reached about half as
     * many requests/s again (docs/benchmarks.md, "Where the server's CPU goes").
     */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        String name = method.equals("GET") || method.equals("HEAD") ? viewOf(path) : null;
        if (name == null) {
            request.getContext().execute(() -> route(request, response, callback));
            return true;
        }
        Timer.Sample sample = metrics.startRequest();
        // a body without a declared length has to be read to be measured, and reading may wait
        boolean inline = request.getLength() >= 0 || request.getHeaders().get(HttpHeader.TRANSFER_ENCODING) == null;
        if (inline) {
            serve(request, response, callback, name, sample, true);
        } else {
            request.getContext().execute(() -> serve(request, response, callback, name, sample, false));
        }
        return true;
    }

    /** Javalin's routes, on a thread of the server's pool. */
    private void route(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                Response.writeError(request, response, callback, 404);
            }
        } catch (Throwable e) {
            callback.failed(e);
        }
    }

    /**
     * Answers a rows request. {@code inline}, on the thread that parsed it, it must not wait: when the answer
     * needs the database it starts over on a thread of the server's pool.
     */
    private void serve(Request request, Response response, Callback callback, String name, Timer.Sample sample, boolean inline) {
        ServedView view = null;
        String status = "200";
        try {
            HttpFields headers = request.getHeaders();
            limits.check(request.getHttpURI().getQuery(), request.getLength(), headers.get(HttpHeader.TRANSFER_ENCODING),
                    () -> Content.Source.asInputStream(request));
            auth.check(request.getMethod(), headers.get(HttpHeader.AUTHORIZATION));
            view = views.named(name);
            status = answer(request, response, callback, view, inline);
            if (status == null) {
                request.getContext().execute(() -> serve(request, response, callback, name, sample, false));
            }
        } catch (Exception e) {
            if (response.isCommitted()) {
                // the first bytes have left: the status cannot change, so the client must see a broken transfer,
                // never a body it could take for a whole answer
                callback.failed(e);
            } else {
                ApiError error = ErrorMapping.toApiError(e, Request.getPathInContext(request));
                status = Integer.toString(error.status());
                answerError(response, callback, error);
            }
        } finally {
            if (view != null && status != null) {
                metrics.requestDone(sample, view, status);
            }
        }
    }

    /**
     * Answers the request and says with which status; a failure before the answer began is thrown. Returns
     * {@code null}, having answered nothing, when {@code inline} and the answer needs the database.
     */
    private String answer(Request request, Response response, Callback callback, ServedView view, boolean inline)
            throws IOException {
        if (inline && !listener.listening() && view.runtime().kind().changesOnlyOnRefresh()) {
            return null; // the generation has to be asked of the database
        }
        Snapshot snapshot = current(view);
        ServedView current = snapshot.view();
        HttpFields headers = request.getHeaders();
        PreparedRead read = prepared(request.getHttpURI().getQuery(), headers.get(HttpHeader.ACCEPT), current);
        RowQuery query = read.query();
        if (current.runtime().materialized() && !current.runtime().populated()) {
            throw new ApiError(503, "view " + current.runtime().name() + " holds no data yet", "view",
                    "it is filled by its first refresh; retry shortly, or run 'matview refresh " + current.runtime().name() + "'")
                    .withHeader("Retry-After", "30");
        }
        // a real-time view changes with every commit to its source, not only with its generation: never cached
        boolean cacheable = current.runtime().kind().changesOnlyOnRefresh();
        boolean cached = cacheable && cache.enabled() && query.limit() <= settings.cachedRowsMax();
        byte[] body = !cached ? null : inline ? cache.hit(read.cacheKey())
                : snapshot.unreachable() != null ? cache.getIfPresent(read.cacheKey()) : null;
        boolean notModified = cacheable && matches(headers.get(HttpHeader.IF_NONE_MATCH), read.etag());
        if (inline && body == null && !notModified) {
            return null;
        }
        HttpFields.Mutable out = response.getHeaders();
        if (cacheable) {
            cachingHeaders(out, current, read.etag());
            if (notModified) {
                response.setStatus(304);
                callback.succeeded();
                return "304";
            }
        } else {
            out.put(HttpHeader.CACHE_CONTROL, "no-cache");
        }
        out.put(HttpHeader.CONTENT_TYPE, query.format() == RowFormat.CSV ? CSV : Json.CONTENT_TYPE);
        if (body == null && snapshot.unreachable() != null) {
            throw ErrorMapping.databaseUnavailable(snapshot.unreachable());
        }
        if (body == null && cached) {
            body = cache.get(read.cacheKey(), k -> withPermit(current, () -> buffered(current, query)));
        }
        if (body != null) {
            response.write(true, ByteBuffer.wrap(body), callback);
        } else {
            // closed only when whole: closing it ends the answer, which a failure must not do
            OutputStream stream = Content.Sink.asOutputStream(response);
            withPermit(current, () -> {
                reads.writeRows(current.description(), query, settings.statementTimeout(), stream);
                return null;
            });
            stream.close();
            callback.succeeded();
        }
        return "200";
    }

    private static void answerError(Response response, Callback callback, ApiError error) {
        HttpFields.Mutable headers = response.getHeaders();
        ErrorMapping.CACHING_HEADERS.forEach(headers::remove);
        error.headers().forEach(headers::put);
        headers.put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
        response.setStatus(error.status());
        response.write(true, ByteBuffer.wrap(Json.bytes(error.body())), callback);
    }

    /** The request's query, checked by the core, with its ETag and cache key: made once per query string and snapshot. */
    private PreparedRead prepared(String queryString, String accept, ServedView view) {
        RowFormat format = accept != null && accept.contains("text/csv") ? RowFormat.CSV : RowFormat.JSON;
        return view.prepared(new ServedView.Request(queryString == null ? "" : queryString, format), request -> {
            RowQuery query = parse(view, request);
            String canonical = query.canonical();
            String etag = "\"g" + view.runtime().generation() + "-" + sha256(view.runtime().name() + "|" + canonical).substring(0, 16) + "\"";
            return new PreparedRead(query, etag, new ResponseCache.Key(view.runtime().name().toString(), view.runtime().generation(),
                    canonical));
        });
    }

    private static void cachingHeaders(HttpFields.Mutable headers, ServedView view, String etag) {
        headers.put(HttpHeader.ETAG, etag);
        headers.put("Matview-Generation", view.generationHeader());
        if (view.refreshedAtHeader() != null) {
            headers.put("Matview-Refreshed-At", view.refreshedAtHeader());
            headers.put(HttpHeader.LAST_MODIFIED, view.lastModifiedHeader());
        }
        headers.put(HttpHeader.CACHE_CONTROL, cacheControl(view));
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

    @FunctionalInterface
    private interface Read<T> {
        T run() throws IOException;
    }

    /** Bounds the reads in the database and the queries running at once on one view, and turns database refusals into answers. */
    private <T> T withPermit(ServedView view, Read<T> read) {
        if (!slots.tryEnter()) {
            throw new ApiError(503, "the server is busy: " + slots.limit() + " reads are waiting on the database", null,
                    "retry shortly").withHeader("Retry-After", "1");
        }
        try {
            return withViewPermit(view, read);
        } finally {
            slots.exit();
        }
    }

    private <T> T withViewPermit(ServedView view, Read<T> read) {
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
                throw ErrorMapping.queryError(view, sql, settings.statementTimeout());
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
