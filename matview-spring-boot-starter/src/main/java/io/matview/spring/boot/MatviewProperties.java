package io.matview.spring.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code matview.*} properties. Unknown ones under {@code matview.} and bad values fail start-up
 * with the property, the value and the fix ({@link MatviewFailureAnalyzer}).
 */
@ConfigurationProperties(prefix = "matview", ignoreUnknownFields = false)
public class MatviewProperties {
    /** Whether Matview is configured at all. */
    private boolean enabled = true;
    /** Where the view files are: classpath:db/views/ (in the application's jar), or filesystem:views (a directory). */
    private String viewsLocation = "classpath:db/views/";
    /** The schema of views whose file name has none. */
    private String defaultSchema = "public";
    /** What Matview does to the database at start-up, after Flyway or Liquibase. */
    private StartupAction onStartup = StartupAction.APPLY;
    /** Whether the apply at start-up may drop managed views whose files are gone. */
    private boolean allowDrop = false;
    /** How long apply and each refresh wait for a lock on a view before they give up. */
    private Duration lockTimeout = Duration.ofSeconds(5);
    /** How long a read of rows through MatviewRows may take, whole. */
    private Duration readTimeout = Duration.ofSeconds(30);
    /** How long the application's shutdown waits for refreshes in flight before it cancels them. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    /** Cache names to clear when a view is refreshed (by any instance), by view: matview.cache-eviction.plan_usage=plans,plan-totals. */
    private Map<String, List<String>> cacheEviction = new LinkedHashMap<>();
    private final Scheduler scheduler = new Scheduler();
    private final Health health = new Health();
    private final FlywayCallback flywayCallback = new FlywayCallback();

    /** What Matview does to the database at start-up. */
    public enum StartupAction {
        /** Make the database match the view files (the default). */
        APPLY,
        /** Fail start-up with the plan when the database differs from the view files; change nothing. */
        VALIDATE,
        /** Nothing: the views are applied elsewhere (the CLI, a deployment step). */
        NONE
    }

    public static class Scheduler {
        /** Whether this instance refreshes views by their refresh: policy. Any number of instances may. */
        private boolean enabled = true;
        /** How often the scheduler looks for due refreshes. */
        private Duration tick = Duration.ofSeconds(1);
        /** How many refreshes may run at once in this instance. */
        private int refreshThreads = 2;
        /** The first retry delay after a failed refresh; it doubles, capped by the view's own period. */
        private Duration backoff = Duration.ofSeconds(10);
        /** How long refresh log entries are kept. */
        private Duration logRetention = Duration.ofDays(30);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getTick() {
            return tick;
        }

        public void setTick(Duration tick) {
            this.tick = Check.positive("matview.scheduler.tick", tick);
        }

        public int getRefreshThreads() {
            return refreshThreads;
        }

        public void setRefreshThreads(int refreshThreads) {
            if (refreshThreads < 1) {
                throw new IllegalArgumentException("at least one refresh thread is needed, got " + refreshThreads);
            }
            this.refreshThreads = refreshThreads;
        }

        public Duration getBackoff() {
            return backoff;
        }

        public void setBackoff(Duration backoff) {
            this.backoff = Check.positive("matview.scheduler.backoff", backoff);
        }

        public Duration getLogRetention() {
            return logRetention;
        }

        public void setLogRetention(Duration logRetention) {
            this.logRetention = Check.positive("matview.scheduler.log-retention", logRetention);
        }
    }

    public static class FlywayCallback {
        /**
         * Whether each Flyway migration runs with the managed views it would block detached and re-applied in its
         * transaction (io.matview.flyway.MatviewCallback; needs matview-flyway on the classpath).
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    public static class Health {
        /** The health status when a view's last refresh failed: down or out-of-service. */
        private HealthStatus failedRefresh = HealthStatus.DOWN;
        /** The health status when a view is staler than its policy allows: down or out-of-service. */
        private HealthStatus stale = HealthStatus.OUT_OF_SERVICE;
        /**
         * How many periods of its refresh: policy a view may miss before it counts as stale (every and
         * cron policies; on change views use their max staleness).
         */
        private double staleAfterPeriods = 2;

        public HealthStatus getFailedRefresh() {
            return failedRefresh;
        }

        public void setFailedRefresh(HealthStatus failedRefresh) {
            this.failedRefresh = failedRefresh;
        }

        public HealthStatus getStale() {
            return stale;
        }

        public void setStale(HealthStatus stale) {
            this.stale = stale;
        }

        public double getStaleAfterPeriods() {
            return staleAfterPeriods;
        }

        public void setStaleAfterPeriods(double staleAfterPeriods) {
            if (!(staleAfterPeriods >= 1)) {
                throw new IllegalArgumentException("a view can be stale only after at least one period, got " + staleAfterPeriods);
            }
            this.staleAfterPeriods = staleAfterPeriods;
        }
    }

    /** What the health says of a failing or stale view. */
    public enum HealthStatus {
        DOWN, OUT_OF_SERVICE
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getViewsLocation() {
        return viewsLocation;
    }

    public void setViewsLocation(String viewsLocation) {
        this.viewsLocation = viewsLocation;
    }

    public String getDefaultSchema() {
        return defaultSchema;
    }

    public void setDefaultSchema(String defaultSchema) {
        this.defaultSchema = defaultSchema;
    }

    public StartupAction getOnStartup() {
        return onStartup;
    }

    public void setOnStartup(StartupAction onStartup) {
        this.onStartup = onStartup;
    }

    public boolean isAllowDrop() {
        return allowDrop;
    }

    public void setAllowDrop(boolean allowDrop) {
        this.allowDrop = allowDrop;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = Check.positive("matview.lock-timeout", lockTimeout);
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = Check.positive("matview.read-timeout", readTimeout);
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("the shutdown timeout must be zero or more, got " + shutdownTimeout);
        }
        this.shutdownTimeout = shutdownTimeout;
    }

    public Map<String, List<String>> getCacheEviction() {
        return cacheEviction;
    }

    public void setCacheEviction(Map<String, List<String>> cacheEviction) {
        this.cacheEviction = cacheEviction;
    }

    public Scheduler getScheduler() {
        return scheduler;
    }

    public FlywayCallback getFlywayCallback() {
        return flywayCallback;
    }

    public Health getHealth() {
        return health;
    }

    /** Checks of values; the message becomes the failure analysis' description, so it says what was given. */
    static final class Check {
        private Check() {
        }

        static Duration positive(String property, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(property + " must be a positive duration, got " + value);
            }
            return value;
        }
    }
}
