package io.matview.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.schedule.Scheduler;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the managed views over HTTP: metadata, rows with PostgREST-style filters in JSON or CSV,
 * the refresh log and refreshes, health and Prometheus metrics. Responses are cached by generation,
 * so a refresh anywhere invalidates every server that hears its notification. This class is the route
 * table and the wiring; each endpoint, the auth, the limits, the metrics and the error mapping are rooms
 * of their own.
 *
 * <pre>{@code
 * try (MatviewServer server = MatviewServer.start(matview, ServerSettings.builder().port(8080).build())) { ... }
 * }</pre>
 */
public final class MatviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MatviewServer.class);

    private final ServerSettings settings;
    /** The server's own pool for reads: short connection timeout, so an unreachable database is a quick 503. */
    private final HikariDataSource reads;
    /** One connection for /health alone, so that reads waiting on the read pool never make the database look down. */
    private final HikariDataSource healthConnection;
    private final ViewDirectory views;
    private final RefreshListener listener;
    private final Scheduler scheduler;
    private final ServerMetrics metrics;
    private final ReadSlots slots;
    private final Javalin app;

    private MatviewServer(Matview matview, ServerSettings settings) {
        this.settings = settings;
        this.reads = pool(matview, settings, "matview-reads", 10);
        this.healthConnection = pool(matview, settings, "matview-health", 1);
        Matview catalog = Matview.configure().dataSource(reads).viewsDirectory(matview.viewsDirectory())
                .defaultSchema(matview.defaultSchema()).load();
        this.views = new ViewDirectory(catalog);
        ResponseCache cache = new ResponseCache(settings.cacheBytes());
        this.listener = new RefreshListener(matview, views);
        this.scheduler = settings.scheduler() ? matview.scheduler(settings.schedulerSettings()) : null;
        this.metrics = new ServerMetrics(cache, views, catalog);
        // a fixed pool, so that ReadSlots can keep part of it for /health and cached answers; on two cores neither it
        // nor Javalin's default pool, which grows with the load, was faster than the machine's drift (docs/benchmarks.md)
        QueuedThreadPool threads = new QueuedThreadPool(settings.threads(), settings.threads());
        threads.setName("matview-http");
        this.slots = new ReadSlots(threads);
        RequestLimits limits = new RequestLimits(settings.maxQueryString(), settings.maxBody());
        BearerAuth auth = new BearerAuth(settings.token(), settings.tokenForReads());
        RowsEndpoint rows = new RowsEndpoint(settings, catalog, views, listener, cache, metrics, slots, limits, auth);
        ViewsEndpoint endpoints = new ViewsEndpoint(matview, catalog, views);
        ObserveEndpoint observe = new ObserveEndpoint(matview, catalog, views);
        Health health = new Health(healthConnection, scheduler, listener);
        Dashboard dashboard = new Dashboard();
        this.app = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.jetty.threadPool = threads;
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxBody();
            // Jetty's handlers before Javalin's servlet, for every route alike: CORS, compression, then the rows
            // endpoint, which answers its own requests and hands the others to Javalin (attached inside it)
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.setHandler(handlers(settings, rows));
            });
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.routes.before(limits::check);
            config.routes.before("/api/*", auth::check);
            read(config, "/api/views", endpoints::list);
            read(config, "/api/views/{view}", endpoints::details);
            read(config, "/api/views/{view}/history", endpoints::history);
            read(config, "/api/history", endpoints::allHistory);
            read(config, "/api/dependencies", endpoints::dependencies);
            config.routes.post("/api/views/{view}/refresh", endpoints::refresh);
            read(config, "/api/status", observe::statusAll);
            read(config, "/api/views/{view}/status", observe::status);
            read(config, "/api/views/{view}/drift", observe::driftEstimate);
            config.routes.post("/api/views/{view}/drift", observe::drift);
            read(config, "/health", health::handle);
            read(config, "/metrics", ctx -> ctx.contentType(ServerMetrics.CONTENT_TYPE).result(metrics.scrape()));
            read(config, "/", dashboard::page);
            read(config, "/views/{view}", dashboard::page);
            read(config, "/dashboard/{asset}", dashboard::asset);
            config.routes.exception(Exception.class, ErrorMapping::answer);
            config.routes.error(404, ErrorMapping::notFound);
        });
    }

    /**
     * CORS (when origins are configured) and gzip for clients that accept it, around the rows endpoint. Jetty's
     * compression keeps Javalin's threshold: an answer under 1,500 bytes fits a packet as it is.
     */
    private static org.eclipse.jetty.server.Handler.Wrapper handlers(ServerSettings settings, RowsEndpoint rows) {
        GzipHandler gzip = new GzipHandler(rows);
        gzip.setMinGzipSize(1500);
        gzip.setIncludedMethods("GET", "HEAD", "POST");
        if (settings.corsOrigins().isEmpty()) {
            return gzip;
        }
        CrossOriginHandler cors = new CrossOriginHandler();
        cors.setAllowedOriginPatterns(settings.corsOrigins().stream().map(MatviewServer::originPattern).collect(Collectors.toSet()));
        cors.setAllowedMethods(Set.of("GET", "HEAD", "POST"));
        cors.setAllowedHeaders(Set.of("Authorization", "Accept", "If-None-Match", "Content-Type"));
        cors.setExposedHeaders(Set.of("ETag", "Matview-Generation", "Matview-Refreshed-At", "Retry-After"));
        cors.setHandler(gzip);
        return cors;
    }

    /**
     * An origin as configured, as the pattern Jetty matches the {@code Origin} header with: {@code *} for any,
     * {@code https://app.example.com} exactly, a bare host ({@code app.example.com}) over http or https.
     */
    static String originPattern(String origin) {
        if (origin.equals("*")) {
            return ".*";
        }
        return origin.contains("://") ? Pattern.quote(origin) : "https?://" + Pattern.quote(origin);
    }

    /** GET, and HEAD by the same handler: Jetty drops a HEAD answer's body, so the headers are exactly GET's. */
    private static void read(JavalinConfig config, String path, Handler handler) {
        config.routes.get(path, handler);
        config.routes.head(path, handler);
    }

    /** Starts the server (and the scheduler, if configured): views are loaded before the first request. */
    public static MatviewServer start(Matview matview, ServerSettings settings) {
        MatviewServer server = new MatviewServer(matview, settings);
        try {
            server.views.reload();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.listener.start();
        if (server.scheduler != null) {
            server.scheduler.start();
        }
        try {
            server.app.start();
            if (server.slots.limit() < 1) {
                int leased = server.slots.leased();
                throw new MatviewException(ErrorCode.CONFIGURATION, "too few server threads: " + settings.threads(),
                        "server threads", "Jetty takes " + leased + " of them on this machine and the server keeps "
                        + ReadSlots.KEPT_THREADS + " for health and cached answers; give it at least " + (leased + ReadSlots.KEPT_THREADS + 1));
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        if (settings.token() == null) {
            LOG.warn("no token configured (MATVIEW_TOKEN): POST /api/views/{view}/refresh is disabled");
        }
        return server;
    }

    public int port() {
        return app.port();
    }

    /** The address it listens on, as configured ({@code 127.0.0.1} by default). */
    public String host() {
        return settings.host();
    }

    /** Where to reach it: {@code http://localhost:PORT} when it listens on loopback or every interface. */
    public String url() {
        String host = settings.host();
        boolean local = host.equals("127.0.0.1") || host.equals("0.0.0.0") || host.equals("::") || host.equals("localhost");
        String shown = local ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port();
    }

    /** Whether refresh notifications are arriving (false while reconnecting to the database). */
    public boolean listening() {
        return listener.listening();
    }

    private static HikariDataSource pool(Matview matview, ServerSettings settings, String name, int size) {
        DataSource source = matview.dataSource() instanceof HikariDataSource hikari && hikari.getDataSource() != null
                ? hikari.getDataSource() : matview.dataSource();
        HikariConfig config = new HikariConfig();
        config.setDataSource(receivingText(source));
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setConnectionTimeout(Math.max(250, settings.connectionTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        // read-only once per connection, not per request: the core then reads a small answer in one round trip.
        // No JIT: a real-time view's live part is estimated before its watermark is known (0.5 % of the source table,
        // past jit_above_cost from about 13M rows), and compiling costs more than such a read (a page of rows) saves
        config.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET jit = off");
        return new HikariDataSource(config);
    }

    /**
     * The same database, with the driver receiving every value as text but integers and dates: the core then
     * asks PostgreSQL for each cell's output text as it is, instead of casting it to text so that the driver
     * cannot choose binary (measured: a quarter of PostgreSQL's time on a page of rows), and reads integers and
     * dates in binary, which PostgreSQL sends for less than their text (a fifth of its time on a page of dates
     * and counts). A data source that is not the driver's own stays as it is, and the core keeps the casts.
     */
    private static DataSource receivingText(DataSource source) {
        if (!(source instanceof BaseDataSource pg)) {
            return source;
        }
        PGSimpleDataSource copy = new PGSimpleDataSource();
        try {
            copy.initializeFrom(pg);
        } catch (IOException | ClassNotFoundException e) {
            return source;
        }
        copy.setBinaryTransfer(false);
        // the types the core writes from their binary form; any other type received in binary would cost it its casts
        copy.setBinaryTransferEnable("int2,int4,int8,date");
        return copy;
    }

    /** Stops serving, then the scheduler (letting a running refresh finish within its grace), then the pool. */
    @Override
    public void close() {
        app.stop();
        listener.close();
        if (scheduler != null) {
            scheduler.close();
        }
        reads.close();
        healthConnection.close();
        metrics.close();
    }
}
