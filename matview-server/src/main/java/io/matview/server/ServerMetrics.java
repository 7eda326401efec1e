package io.matview.server;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.view.QualifiedName;
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

/** The Prometheus registry: row requests by view and status, the cache, and each view's freshness. */
final class ServerMetrics implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ViewDirectory views;
    private final Matview catalog;
    private final MultiGauge staleness;
    private final MultiGauge generations;
    private final MultiGauge refreshDurations;

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
            if (v.runtime().materialized() && v.runtime().refreshedAt() != null) {
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
        return registry.scrape();
    }

    @Override
    public void close() {
        registry.close();
    }
}
