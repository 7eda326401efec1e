package io.matview.spring.boot;

import io.matview.Matview;
import io.matview.catalog.RuntimeView;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshStatus;
import io.matview.view.QualifiedName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationListener;

/**
 * Micrometer meters: timer {@code matview.refresh} (tags view, mode, status) and counter
 * {@code matview.refresh.failures} (tag view) for the refreshes this instance makes, and gauge
 * {@code matview.staleness} (seconds since the snapshot of each materialized view's data, tag view),
 * whichever instance refreshed it.
 */
final class MatviewMetrics implements MeterBinder, ApplicationListener<MatviewRefreshedEvent>, SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(MatviewMetrics.class);

    private final Matview matview;
    private final Clock clock = Clock.systemUTC();
    /** When each view's data was taken, from the catalog; updated on every refresh notification. */
    private final Map<QualifiedName, RuntimeView> views = new ConcurrentHashMap<>();
    private final Set<QualifiedName> gauged = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    MatviewMetrics(Matview matview, RefreshAttempts attempts) {
        this.matview = matview;
        attempts.add(this::record);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        reload();
    }

    private void record(RefreshLogEntry e) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        String view = e.view().toString();
        Timer.builder("matview.refresh").description("Refreshes of materialized views made by this instance")
                .tag("view", view).tag("mode", e.mode() == null ? "none" : e.mode().label()).tag("status", e.status().label())
                .register(r).record(Duration.ofMillis(e.durationMs()));
        if (e.status() == RefreshStatus.FAILED) {
            Counter.builder("matview.refresh.failures").description("Failed refreshes made by this instance")
                    .tag("view", view).register(r).increment();
        }
    }

    @Override
    public void onApplicationEvent(MatviewRefreshedEvent event) {
        reload();
    }

    /** After the apply at start-up, whichever of this and the registry's binding comes last. */
    @Override
    public void afterSingletonsInstantiated() {
        reload();
    }

    /** Reads each view's data time and registers a staleness gauge for any materialized view new to it. */
    private void reload() {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        try {
            Map<QualifiedName, RuntimeView> now = matview.runtimeViews();
            views.keySet().retainAll(now.keySet());
            views.putAll(now);
        } catch (RuntimeException e) {
            // the gauges keep the last known times; the next notification tries again
            LOG.debug("matview: could not read the views for the staleness gauges: {}", e.toString());
            return;
        }
        for (RuntimeView v : views.values()) {
            if (v.materialized() && gauged.add(v.name())) {
                QualifiedName name = v.name();
                Gauge.builder("matview.staleness", this, m -> m.staleness(name)).description(
                        "Seconds since the snapshot of the view's data was taken").baseUnit("seconds")
                        .tag("view", name.toString()).strongReference(true).register(r);
            }
        }
    }

    private double staleness(QualifiedName name) {
        RuntimeView v = views.get(name);
        if (v == null || v.dataAsOf() == null) {
            return Double.NaN;
        }
        return (clock.millis() - v.dataAsOf().toEpochMilli()) / (double) TimeUnit.SECONDS.toMillis(1);
    }
}
