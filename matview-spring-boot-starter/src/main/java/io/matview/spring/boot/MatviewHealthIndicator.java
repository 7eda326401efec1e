package io.matview.spring.boot;

import io.matview.Matview;
import io.matview.catalog.RuntimeView;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshStatus;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code matview} health: down (or out of service, as configured) when a materialized view's last
 * refresh failed, or when it is staler than its {@code refresh:} policy allows.
 */
final class MatviewHealthIndicator extends AbstractHealthIndicator {
    private final Matview matview;
    private final MatviewProperties.Health settings;
    private final Clock clock;

    MatviewHealthIndicator(Matview matview, MatviewProperties.Health settings) {
        this(matview, settings, Clock.systemUTC());
    }

    MatviewHealthIndicator(Matview matview, MatviewProperties.Health settings, Clock clock) {
        super("matview health check failed");
        this.matview = matview;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<QualifiedName, RefreshLogEntry> last = matview.lastRefreshes();
        Instant now = clock.instant();
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, String> stale = new LinkedHashMap<>();
        int views = 0;
        for (RuntimeView v : matview.runtimeViews().values()) {
            if (!v.materialized() || !v.present()) {
                continue;
            }
            views++;
            RefreshLogEntry attempt = last.get(v.name());
            if (attempt != null && attempt.status() == RefreshStatus.FAILED) {
                failed.put(v.name().toString(), attempt.error());
            }
            staleSince(v, now).ifPresent(deadline -> stale.put(v.name().toString(),
                    "data as of " + v.dataAsOf() + ", policy '" + v.refresh() + "' wanted new data by " + deadline));
        }
        Status status = Status.UP;
        if (!stale.isEmpty()) {
            status = status(settings.getStale());
        }
        if (!failed.isEmpty() && (status == Status.UP || settings.getFailedRefresh() == MatviewProperties.HealthStatus.DOWN)) {
            status = status(settings.getFailedRefresh());
        }
        builder.status(status).withDetail("materializedViews", views);
        if (!failed.isEmpty()) {
            builder.withDetail("failed", failed);
        }
        if (!stale.isEmpty()) {
            builder.withDetail("stale", stale);
        }
    }

    private static Status status(MatviewProperties.HealthStatus s) {
        return s == MatviewProperties.HealthStatus.DOWN ? Status.DOWN : Status.OUT_OF_SERVICE;
    }

    /**
     * When a view with an {@code every} or {@code cron} policy should have had new data by, if that is
     * before {@code now}: its next due time after its data, plus the periods it may miss beyond that.
     * {@code on change} and {@code manual} views are never stale by the clock alone.
     */
    Optional<Instant> staleSince(RuntimeView v, Instant now) {
        RefreshPolicy policy = v.refresh();
        if (!(policy instanceof RefreshPolicy.Every) && !(policy instanceof RefreshPolicy.Cron)) {
            return Optional.empty();
        }
        Instant asOf = v.dataAsOf() != null ? v.dataAsOf() : v.appliedAt();
        if (asOf == null) {
            return Optional.empty();
        }
        Optional<Instant> due = policy.nextAfter(asOf);
        Optional<Instant> after = due.flatMap(policy::nextAfter);
        if (due.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        Duration period = Duration.between(due.get(), after.get());
        long extraMillis = (long) (period.toMillis() * (settings.getStaleAfterPeriods() - 1));
        Instant deadline = due.get().plusMillis(extraMillis);
        return now.isAfter(deadline) ? Optional.of(deadline) : Optional.empty();
    }
}
