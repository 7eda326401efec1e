package io.matview.schedule;

import io.matview.refresh.RefreshOptions;
import io.matview.view.QualifiedName;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Refreshes materialized views by their {@code refresh:} policy: {@code every}, {@code cron},
 * {@code on change}. Any number of schedulers may run against one database: what is due is computed
 * from the catalog (when each view's data last changed, the failures since), and each refresh
 * happens once, under the view's advisory lock, after a check inside the lock that no other process
 * has refreshed it since it fell due.
 *
 * <p>It survives database restarts: a failed tick is retried with backoff, and afterwards every
 * {@code on change} view is refreshed once, since changes may have been missed meanwhile.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * {@link #defaults()}, or built with {@link #builder()} (from other settings: {@link #toBuilder()}).
     *
     * @param tick how often to look for due refreshes and poll write counters
     * @param grace how long a running refresh may finish on shutdown before it is cancelled
     * @param logRetention how long refresh log entries are kept
     * @param backoff the first retry delay after a failure; it doubles, capped by the view's own period
     * @param refreshThreads how many refreshes may run at once in this process
     */
    public record Settings(Duration tick, Duration grace, Duration logRetention, Duration backoff, int refreshThreads,
                           RefreshOptions refreshOptions) {
        public Settings {
            positive(tick, "tick");
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("the grace period must be zero or more, got " + grace);
            }
            positive(logRetention, "log retention");
            positive(backoff, "backoff");
            if (refreshThreads < 1) {
                throw new IllegalArgumentException("at least one refresh thread is needed, got " + refreshThreads);
            }
            Objects.requireNonNull(refreshOptions, "refreshOptions");
        }

        private static void positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
            }
        }

        public static Settings defaults() {
            return builder().build();
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder starting from these settings. */
        public Builder toBuilder() {
            return new Builder().tick(tick).grace(grace).logRetention(logRetention).backoff(backoff)
                    .refreshThreads(refreshThreads).refreshOptions(refreshOptions);
        }





        /** Scheduler settings: set what differs from the defaults, then {@link #build()}. */
        public static final class Builder {
            private Duration tick = Duration.ofSeconds(1);
            private Duration grace = Duration.ofSeconds(30);
            private Duration logRetention = Duration.ofDays(30);
            private Duration backoff = Duration.ofSeconds(10);
            private int refreshThreads = 2;
            private RefreshOptions refreshOptions = RefreshOptions.defaults();

            private Builder() {
            }

            /** How often to look for due refreshes; 1 second by default. */
            public Builder tick(Duration tick) {
                this.tick = tick;
                return this;
            }

            /** How long running refreshes may finish on shutdown; 30 seconds by default. */
            public Builder grace(Duration grace) {
                this.grace = grace;
                return this;
            }

            /** How long refresh log entries are kept; 30 days by default. */
            public Builder logRetention(Duration logRetention) {
                this.logRetention = logRetention;
                return this;
            }

            /** The first retry delay after a failure; 10 seconds by default. */
            public Builder backoff(Duration backoff) {
                this.backoff = backoff;
                return this;
            }

            /** How many refreshes may run at once in this process; 2 by default. */
            public Builder refreshThreads(int refreshThreads) {
                this.refreshThreads = refreshThreads;
                return this;
            }

            /** The options of each scheduled refresh (lock timeout, mode); the trigger is set per refresh. */
            public Builder refreshOptions(RefreshOptions refreshOptions) {
                this.refreshOptions = refreshOptions;
                return this;
            }

            public Settings build() {
                return new Settings(tick, grace, logRetention, backoff, refreshThreads, refreshOptions);
            }
        }
    }

    /** Starts ticking; returns this scheduler. */
    Scheduler start();

    /** When the scheduler last looked at the database successfully; {@code null} before the first time. */
    Instant lastTick();

    /** Whether it is running and reached the database within the last few ticks (or has just started). */
    boolean alive();

    /** When each scheduled view is next due ({@code every} and {@code cron}); on-change views are not listed. */
    Map<QualifiedName, Instant> nextRefreshes();

    /**
     * Stops: no new refresh starts; running ones get the grace period to finish, then are cancelled
     * (their previous data stays, and the log says cancelled).
     */
    @Override
    void close();
}
