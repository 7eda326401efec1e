package io.matview.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.db.DatabaseErrors;
import io.matview.db.SqlResource;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.schedule.Scheduler;
import io.matview.view.QualifiedName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the managed views over HTTP: metadata, rows with PostgREST-style filters in JSON or CSV,
 * the refresh log and refreshes, health and Prometheus metrics. Responses are cached by generation,
 * so a refresh anywhere invalidates every server that hears its notification.
 *
 * <pre>{@code
 * try (MatviewServer server = MatviewServer.start(matview, ServerSettings.defaults().withPort(8080))) { ... }
 * }</pre>
 */
public final class MatviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MatviewServer.class);
    private static final String JSON = "application/json";
    private static final String CSV = "text/csv; charset=utf-8";

    private final Matview matview;
    private final ServerSettings settings;
    private final javax.sql.DataSource reads;
    /** The pool the server made, when the one it was given was not one; closed with the server. */
    private final HikariDataSource ownPool;
    private final ViewDirectory views;
    private final RefreshListener listener;
    private final ResponseCache cache;
    private final Scheduler scheduler;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<QualifiedName, Semaphore> running = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule()
                    .addSerializer(QualifiedName.class, new ToStringSerializer(QualifiedName.class))
                    .addSerializer(RefreshMode.class, new ToStringSerializer(RefreshMode.class))
                    .addSerializer(RefreshStatus.class, new ToStringSerializer(RefreshStatus.class))
                    .addSerializer(Trigger.class, new ToStringSerializer(Trigger.class)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final MultiGauge staleness;
    private final MultiGauge generations;
    private final MultiGauge refreshDurations;
    private final Javalin app;

    private MatviewServer(Matview matview, ServerSettings settings) {
        this.matview = matview;
        this.settings = settings;
        this.ownPool = matview.dataSource() instanceof HikariDataSource ? null : readPool(matview);
        this.reads = ownPool != null ? ownPool : matview.dataSource();
        this.views = new ViewDirectory(reads, matview.defaultSchema());
        this.cache = new ResponseCache(settings.cacheBytes());
        this.listener = new RefreshListener(matview.dataSource(), views);
        this.scheduler = settings.scheduler() ? matview.scheduler(Scheduler.Settings.defaults()) : null;
        Gauge.builder("matview.cache.hits", cache, ResponseCache::hits).description("responses served from the cache")
                .register(metrics);
        Gauge.builder("matview.cache.misses", cache, ResponseCache::misses).description("responses built from the database")
                .register(metrics);
        Gauge.builder("matview.cache.bytes", cache, ResponseCache::weightedSize).baseUnit("bytes").register(metrics);
        this.staleness = MultiGauge.builder("matview.view.staleness").baseUnit("seconds")
                .description("time since the view's data last changed").register(metrics);
        this.generations = MultiGauge.builder("matview.view.generation").description("refreshes so far").register(metrics);
        this.refreshDurations = MultiGauge.builder("matview.refresh.duration").baseUnit("seconds")
                .description("duration of the view's last refresh").register(metrics);
        this.app = Javalin.create(config -> {
            config.jetty.port = settings.port();
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 64 * 1024;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            if (!settings.corsOrigins().isEmpty()) {
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> settings.corsOrigins().forEach(rule::allowHost)));
            }
            config.routes.before("/api/*", this::guard);
            config.routes.get("/api/views", ctx -> json(ctx, 200, views.all().values().stream()
                    .map(v -> v.summary(Instant.now())).toList()));
            config.routes.get("/api/views/{view}", ctx -> json(ctx, 200, view(ctx).details(Instant.now())));
            config.routes.get("/api/views/{view}/rows", this::rows);
            config.routes.get("/api/views/{view}/history", this::history);
            config.routes.post("/api/views/{view}/refresh", this::refresh);
            config.routes.get("/health", this::health);
            config.routes.get("/metrics", this::metrics);
            config.routes.exception(ApiError.class, (e, ctx) -> {
                forgetCachingHeaders(ctx);
                if ((e.status() == 429 || e.status() == 503) && ctx.res().getHeader("Retry-After") == null) {
                    ctx.header("Retry-After", e.status() == 429 ? "1" : "30");
                }
                json(ctx, e.status(), e.body());
            });
            config.routes.exception(MatviewException.class, (e, ctx) -> {
                forgetCachingHeaders(ctx);
                json(ctx, 400, Map.of("error", e.what(), "detail", String.valueOf(e.where()), "hint", String.valueOf(e.hint())));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                forgetCachingHeaders(ctx);
                LOG.error("request {} failed", ctx.path(), e);
                json(ctx, 500, new ApiError(500, "internal error", null, "see the server log").body());
            });
            config.routes.error(404, ctx -> {
                if (!String.valueOf(ctx.res().getContentType()).startsWith(JSON)) {
                    json(ctx, 404, new ApiError(404, "no such endpoint: " + ctx.method() + " " + ctx.path(), null,
                            "see docs/http-api.md: /api/views, /api/views/{view}, …/rows, …/history, …/refresh, /health, /metrics").body());
                }
            });
        });
    }

    /** Starts the server (and the scheduler, if configured): views are loaded before the first request. */
    public static MatviewServer start(Matview matview, ServerSettings settings) {
        MatviewServer server = new MatviewServer(matview, settings);
        try {
            server.views.reload();
        } catch (SQLException e) {
            server.close();
            throw DatabaseErrors.translate(e);
        }
        server.listener.start();
        if (server.scheduler != null) {
            server.scheduler.start();
        }
        server.app.start();
        if (settings.token() == null) {
            LOG.warn("no token configured (MATVIEW_TOKEN): POST /api/views/{view}/refresh is disabled");
        }
        return server;
    }

    public int port() {
        return app.port();
    }

    /** Whether refresh notifications are arriving (false while reconnecting to the database). */
    public boolean listening() {
        return listener.listening();
    }

    private static HikariDataSource readPool(Matview matview) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(matview.dataSource());
        config.setPoolName("matview-reads");
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(2);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private void guard(Context ctx) {
        String query = ctx.queryString();
        if (query != null && query.length() > settings.maxQueryString()) {
            throw new ApiError(414, "query string too long (" + query.length() + " characters)", "query string",
                    "the maximum is " + settings.maxQueryString() + " characters");
        }
        boolean write = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        if (write && settings.token() == null) {
            throw new ApiError(403, "refresh over HTTP is disabled", "no token configured",
                    "start the server with MATVIEW_TOKEN (or --token) set, and send Authorization: Bearer TOKEN");
        }
        if ((write || settings.tokenForReads()) && !authorized(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "missing or wrong bearer token", "Authorization",
                    "send the header Authorization: Bearer TOKEN");
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, settings.token().getBytes(StandardCharsets.UTF_8));
    }

    private ServedView view(Context ctx) {
        String name = ctx.pathParam("view");
        return views.find(name).orElseThrow(() -> new ApiError(404, "unknown view '" + shorten(name) + "'", "view",
                "GET /api/views lists the views this server serves"));
    }

    private void rows(Context ctx) throws Exception {
        Timer.Sample sample = Timer.start(metrics);
        ServedView view = view(ctx);
        String status = "200";
        try {
            boolean csv = String.valueOf(ctx.header("Accept")).contains("text/csv");
            RowQuery query = RowQuery.parse(view, QueryString.parse(ctx.queryString()), csv, settings.defaultLimit(),
                    settings.maxLimit());
            ServedView current = current(view);
            if (current.runtime().materialized() && !current.runtime().populated()) {
                ctx.header("Retry-After", "30");
                throw new ApiError(503, "view " + current.runtime().name() + " holds no data yet", "view",
                        "it is filled by its first refresh; retry shortly, or run 'matview refresh " + current.runtime().name() + "'");
            }
            String contentType = query.format() == RowQuery.Format.CSV ? CSV : JSON;
            boolean cacheable = current.runtime().materialized();
            if (cacheable) {
                String etag = etag(current, query);
                ctx.header("ETag", etag);
                ctx.header("Matview-Generation", Long.toString(current.runtime().generation()));
                if (current.runtime().refreshedAt() != null) {
                    ctx.header("Matview-Refreshed-At", current.runtime().refreshedAt().toString());
                    ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            current.runtime().refreshedAt().atOffset(ZoneOffset.UTC)));
                }
                ctx.header("Cache-Control", cacheControl(current));
                if (matches(ctx.header("If-None-Match"), etag)) {
                    status = "304";
                    ctx.status(304);
                    return;
                }
            } else {
                ctx.header("Cache-Control", "no-cache");
            }
            ctx.contentType(contentType);
            RowQuery.Sql sql = query.sql(current);
            if (cacheable && cache.enabled() && query.limit() <= settings.cachedRowsMax()) {
                ctx.result(cache.get(new ResponseCache.Key(current.runtime().name().toString(),
                        current.runtime().generation(), query.cacheKey()), k -> withPermit(current, () -> read(query, sql))));
            } else {
                withPermit(current, () -> {
                    try (Connection c = reads.getConnection()) {
                        RowWriter.write(c, query, sql, settings.statementTimeout(), ctx.outputStream());
                    }
                    return null;
                });
            }
        } catch (ApiError e) {
            status = Integer.toString(e.status());
            throw e;
        } finally {
            sample.stop(metrics.timer("matview.http.requests", "view", view.runtime().name().toString(), "status", status));
        }
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

    /** An error is never cacheable: the tags set for the answer that failed must not reach the client. */
    private static void forgetCachingHeaders(Context ctx) {
        for (String header : List.of("ETag", "Last-Modified", "Matview-Generation", "Matview-Refreshed-At")) {
            ctx.res().setHeader(header, null);
        }
        ctx.res().setHeader("Cache-Control", "no-store");
    }

    private byte[] read(RowQuery query, RowQuery.Sql sql) throws SQLException {
        try (Connection c = reads.getConnection()) {
            return RowWriter.toBytes(c, query, sql, settings.statementTimeout());
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run() throws SQLException, IOException;
    }

    /** Bounds the queries running at once on one view, and turns database refusals into answers. */
    private <T> T withPermit(ServedView view, Read<T> read) {
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
            throw queryError(view, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (acquired) {
                permits.release();
            }
        }
    }

    private RuntimeException queryError(ServedView view, SQLException e) {
        String state = String.valueOf(e.getSQLState());
        if (state.startsWith("22")) {
            return ApiError.badRequest("a filter value does not fit its column: " + e.getMessage(), "filter",
                    "check the values against the column types (GET /api/views/" + view.runtime().name() + ")");
        }
        if (state.equals("55000")) {
            return new ApiError(503, "view " + view.runtime().name() + " holds no data", "view",
                    "it was emptied (REFRESH ... WITH NO DATA); it is filled again by its next refresh");
        }
        if (state.equals(DatabaseErrors.QUERY_CANCELED)) {
            return new ApiError(503, "the query ran longer than " + settings.statementTimeout().toSeconds() + " s", "query",
                    "narrow the filters, add an index to the view (-- index:), or lower the limit");
        }
        LOG.error("query on {} failed", view.runtime().name(), e);
        return new ApiError(500, "the database could not answer", state, "see the server log");
    }

    /**
     * The view with its current generation: from the notifications when they are arriving, else from
     * the database, so that a lost LISTEN connection never serves an old generation.
     */
    private ServedView current(ServedView view) throws SQLException {
        if (listener.listening() || !view.runtime().materialized()) {
            return view;
        }
        try (Connection c = reads.getConnection();
             PreparedStatement ps = c.prepareStatement(SqlResource.load(MatviewServer.class, "generation.sql"))) {
            ps.setString(1, view.runtime().name().schema());
            ps.setString(2, view.runtime().name().name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) != view.runtime().generation()) {
                    views.reload();
                    return views.find(view.runtime().name().toString()).orElse(view);
                }
            }
        }
        return view;
    }

    private static String etag(ServedView view, RowQuery query) {
        String hash = io.matview.view.ViewDefinition.sha256(view.runtime().name() + "|" + query.cacheKey()).substring(0, 16);
        return "\"g" + view.runtime().generation() + "-" + hash + "\"";
    }

    /** Until the next scheduled refresh the answer cannot change; an on-change or manual view can change any time. */
    private static String cacheControl(ServedView view) {
        return view.nextRefresh()
                .map(next -> "max-age=" + Math.max(0, Duration.between(Instant.now(), next).toSeconds()))
                .orElse("no-cache");
    }

    private void history(Context ctx) {
        ServedView view = view(ctx);
        int limit = 50;
        String given = ctx.queryParam("limit");
        if (given != null) {
            try {
                limit = Integer.parseInt(given);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw ApiError.badRequest("limit must be a whole number from 1 to 1000", "limit", null);
            }
        }
        json(ctx, 200, matview.refreshHistory(view.runtime().name().toString(), limit));
    }

    private void refresh(Context ctx) {
        ServedView view = view(ctx);
        RefreshOptions options = RefreshOptions.defaults().withTrigger(Trigger.API);
        String mode = ctx.queryParam("mode");
        if (mode != null) {
            try {
                options = options.withMode(RefreshMode.parse(mode));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage(), "mode", "use auto, concurrent or full");
            }
        }
        options = options.withUpstream("true".equals(ctx.queryParam("upstream")));
        List<RefreshLogEntry> entries = matview.refresh(List.of(view.runtime().name().toString()), options);
        int status = entries.stream().allMatch(RefreshLogEntry::ok) ? 200
                : entries.stream().anyMatch(e -> e.status() == RefreshStatus.FAILED) ? 500 : 409;
        try {
            views.reload();
        } catch (SQLException e) {
            LOG.warn("could not reload the views after a refresh: {}", e.getMessage());
        }
        json(ctx, status, entries);
    }

    private void health(Context ctx) {
        boolean database;
        try (Connection c = reads.getConnection(); Statement s = c.createStatement()) {
            s.execute("select 1");
            database = true;
        } catch (SQLException e) {
            database = false;
        }
        boolean schedulerOk = scheduler == null || scheduler.alive();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", database && schedulerOk ? "up" : "down");
        body.put("database", database ? "up" : "down");
        body.put("scheduler", scheduler == null ? "off" : schedulerOk ? "up" : "down");
        body.put("notifications", listener.listening() ? "up" : "reconnecting");
        json(ctx, database && schedulerOk ? 200 : 503, body);
    }

    private void metrics(Context ctx) throws SQLException {
        Instant now = Instant.now();
        List<MultiGauge.Row<?>> stale = new ArrayList<>();
        List<MultiGauge.Row<?>> gens = new ArrayList<>();
        for (ServedView v : views.all().values()) {
            if (v.runtime().materialized() && v.runtime().refreshedAt() != null) {
                Tags tags = Tags.of("view", v.runtime().name().toString());
                stale.add(MultiGauge.Row.of(tags, Duration.between(v.runtime().refreshedAt(), now).toMillis() / 1000.0));
                gens.add(MultiGauge.Row.of(tags, v.runtime().generation()));
            }
        }
        staleness.register(stale, true);
        generations.register(gens, true);
        List<MultiGauge.Row<?>> durations = new ArrayList<>();
        try (Connection c = reads.getConnection();
             PreparedStatement ps = c.prepareStatement(SqlResource.load(MatviewServer.class, "last-refresh.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                durations.add(MultiGauge.Row.of(Tags.of("view", rs.getString(1) + "." + rs.getString(2),
                        "status", rs.getString(4)), rs.getLong(3) / 1000.0));
            }
        }
        refreshDurations.register(durations, true);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(metrics.scrape());
    }

    private void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    /** Stops serving, then the scheduler (letting a running refresh finish within its grace), then the pool. */
    @Override
    public void close() {
        app.stop();
        listener.close();
        if (scheduler != null) {
            scheduler.close();
        }
        if (ownPool != null) {
            ownPool.close();
        }
        metrics.close();
    }
}
