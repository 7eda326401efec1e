package io.matview.server;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.catalog.ViewStatus;
import io.matview.observe.RefreshStats;
import io.matview.view.QualifiedName;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Prometheus registry: row requests by view and status, the cache, and each view's freshness and cost. */
final class ServerMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ViewDirectory views;
    private final Matview catalog;
    private final MultiGauge staleness;
    private final MultiGauge generations;
    private final MultiGauge refreshDurations;
    private final MultiGauge p50;
    private final MultiGauge p95;
    private final MultiGauge failureStreaks;
    private final MultiGauge sizes;
    private final MultiGauge rows;
    private final MultiGauge untilNext;
    private final MultiGauge advice;
    private final MultiGauge deadRatios;
    /** Failed refreshes per view in the log, read at each scrape; a counter per view reads it. */
    private final Map<QualifiedName, Long> failures = new ConcurrentHashMap<>();

    ServerMetrics(ResponseCache cache, ViewDirectory views, Matview catalog) {
        this.views = views;
        this.catalog = catalog;
        Gauge.builder("matview.cache.hits", cache, ResponseCache::hits).description("responses served from the cache")
                .register(registry);
        Gauge.builder("matview.cache.misses", cache, ResponseCache::misses).description("responses built from the database")
                .register(registry);
        Gauge.builder("matview.cache.bytes", cache, ResponseCache::weightedSize).baseUnit("bytes").register(registry);
        this.staleness = MultiGauge.builder("matview.view.staleness").baseUnit("seconds")
                .description("time since the view's data last changed").register(registry);
        this.generations = MultiGauge.builder("matview.view.generation").description("refreshes so far").register(registry);
        this.refreshDurations = MultiGauge.builder("matview.refresh.duration").baseUnit("seconds")
                .description("duration of the view's last refresh").register(registry);
        this.p50 = MultiGauge.builder("matview.refresh.duration.p50").baseUnit("seconds")
                .description("median duration of the view's last 100 successful refreshes").register(registry);
        this.p95 = MultiGauge.builder("matview.refresh.duration.p95").baseUnit("seconds")
                .description("95th percentile duration of the view's last 100 successful refreshes").register(registry);
        this.failureStreaks = MultiGauge.builder("matview.view.failure.streak")
                .description("failed refreshes since the view's data last changed").register(registry);
        this.sizes = MultiGauge.builder("matview.view.size").baseUnit("bytes").description("size on disk with indexes")
                .register(registry);
        this.rows = MultiGauge.builder("matview.view.rows").description("PostgreSQL's estimate of the rows").register(registry);
        this.untilNext = MultiGauge.builder("matview.view.next.refresh").baseUnit("seconds")
                .description("time until the schedule next refreshes the view (0 when overdue)").register(registry);
        this.advice = MultiGauge.builder("matview.view.advice")
                .description("1 for each piece of advice on the view, by kind").register(registry);
        this.deadRatios = MultiGauge.builder("matview.source.dead.ratio")
                .description("dead tuples as a share of a source table's tuples").register(registry);
    }

    private final Map<QualifiedName, Map<String, Timer>> timers = new ConcurrentHashMap<>();

    Timer.Sample startRequest() {
        return Timer.start(registry);
    }

    void requestDone(Timer.Sample sample, ServedView view, String status) {
        // looked up once per view and status: building the meter's id and tags per request costs more than the timing
        Timer timer = timers.computeIfAbsent(view.runtime().name(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> registry.timer("matview.http.requests", "view", view.runtime().name().toString(),
                        "status", s));
        sample.stop(timer);
    }

    /** The text for {@code GET /metrics}, with the views' gauges taken now. */
    String scrape() {
        Instant now = Instant.now();
        List<MultiGauge.Row<?>> stale = new ArrayList<>();
        List<MultiGauge.Row<?>> gens = new ArrayList<>();
        for (ServedView v : views.all().values()) {
            if (v.runtime().kind().refreshable() && v.runtime().refreshedAt() != null) {
                Tags tags = Tags.of("view", v.runtime().name().toString());
                stale.add(MultiGauge.Row.of(tags, Duration.between(v.runtime().refreshedAt(), now).toMillis() / 1000.0));
                gens.add(MultiGauge.Row.of(tags, v.runtime().generation()));
            }
        }
        staleness.register(stale, true);
        generations.register(gens, true);
        List<MultiGauge.Row<?>> durations = new ArrayList<>();
        for (RefreshLogEntry last : catalog.lastRefreshes().values()) {
            durations.add(MultiGauge.Row.of(Tags.of("view", last.view().toString(), "status", last.status().toString()),
                    last.durationMs() / 1000.0));
        }
        refreshDurations.register(durations, true);
        observe();
        return registry.scrape();
    }

    /** The measures of {@code Matview.status()}: catalogs and statistics only, so a scrape costs no view's rows. */
    private void observe() {
        List<ViewStatus> status;
        try {
            status = catalog.status();
        } catch (RuntimeException e) {
            LOG.debug("no view measures in this scrape: {}", e.getMessage());
            return;
        }
        List<MultiGauge.Row<?>> p50s = new ArrayList<>();
        List<MultiGauge.Row<?>> p95s = new ArrayList<>();
        List<MultiGauge.Row<?>> streaks = new ArrayList<>();
        List<MultiGauge.Row<?>> sizeRows = new ArrayList<>();
        List<MultiGauge.Row<?>> rowRows = new ArrayList<>();
        List<MultiGauge.Row<?>> nextRows = new ArrayList<>();
        List<MultiGauge.Row<?>> adviceRows = new ArrayList<>();
        List<MultiGauge.Row<?>> deadRows = new ArrayList<>();
        for (ViewStatus v : status) {
            Tags tags = Tags.of("view", v.name().toString());
            RefreshStats r = v.refreshes();
            if (r != null) {
                addSeconds(p50s, tags, r.p50Ms());
                addSeconds(p95s, tags, r.p95Ms());
                streaks.add(MultiGauge.Row.of(tags, r.failureStreak()));
                if (failures.put(v.name(), r.failures()) == null) {
                    FunctionCounter.builder("matview.refresh.failures", failures, m -> m.getOrDefault(v.name(), 0L))
                            .description("failed refreshes of the view in the refresh log").tags(tags).register(registry);
                }
            }
            if (v.sizeBytes() != null) {
                sizeRows.add(MultiGauge.Row.of(tags, v.sizeBytes()));
            }
            if (v.rowEstimate() != null) {
                rowRows.add(MultiGauge.Row.of(tags, v.rowEstimate()));
            }
            if (v.freshness() != null && v.freshness().secondsUntilNextRefresh() != null) {
                nextRows.add(MultiGauge.Row.of(tags, v.freshness().secondsUntilNextRefresh()));
            }
            v.advice().stream().map(a -> a.kind().label()).distinct()
                    .forEach(kind -> adviceRows.add(MultiGauge.Row.of(tags.and("kind", kind), 1)));
            v.sources().forEach(s -> deadRows.add(MultiGauge.Row.of(tags.and("table", s.table().toString()), s.deadRatio())));
        }
        p50.register(p50s, true);
        p95.register(p95s, true);
        failureStreaks.register(streaks, true);
        sizes.register(sizeRows, true);
        rows.register(rowRows, true);
        untilNext.register(nextRows, true);
        advice.register(adviceRows, true);
        deadRatios.register(deadRows, true);
    }

    private static void addSeconds(List<MultiGauge.Row<?>> rows, Tags tags, Long ms) {
        if (ms != null) {
            rows.add(MultiGauge.Row.of(tags, ms / 1000.0));
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
