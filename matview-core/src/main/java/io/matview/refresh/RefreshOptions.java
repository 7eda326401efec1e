package io.matview.refresh;

import java.time.Duration;
import java.util.Objects;

/**
 * How to refresh: {@link #defaults()}, or built with {@link #builder()} (from other options: {@link #toBuilder()}).
 *
 * @param mode auto (default), concurrent or full
 * @param upstream also refresh first the materialized views the requested ones read
 * @param trigger what the log records as the cause
 * @param lockWait how long to wait for another process's refresh of the same view before giving up
 * @param lockTimeout how long the REFRESH statement may wait for a table lock (PostgreSQL's lock_timeout)
 */
public record RefreshOptions(RefreshMode mode, boolean upstream, Trigger trigger, Duration lockWait, Duration lockTimeout) {

    public RefreshOptions {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(trigger);
        Objects.requireNonNull(lockWait);
        Objects.requireNonNull(lockTimeout);
    }

    public static RefreshOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().mode(mode).upstream(upstream).trigger(trigger).lockWait(lockWait).lockTimeout(lockTimeout);
    }






    /** Refresh options: set what differs from the defaults, then {@link #build()}. */
    public static final class Builder {
        private RefreshMode mode = RefreshMode.AUTO;
        private boolean upstream;
        private Trigger trigger = Trigger.MANUAL;
        private Duration lockWait = Duration.ofSeconds(30);
        private Duration lockTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /** {@code AUTO} by default: concurrently where possible. */
        public Builder mode(RefreshMode mode) {
            this.mode = mode;
            return this;
        }

        /** Also refresh first the materialized views the requested ones read; off by default. */
        public Builder upstream(boolean upstream) {
            this.upstream = upstream;
            return this;
        }

        /** What the log records as the cause; {@code MANUAL} by default. */
        public Builder trigger(Trigger trigger) {
            this.trigger = trigger;
            return this;
        }

        /** How long to wait for another process's refresh of the same view; 30 seconds by default. */
        public Builder lockWait(Duration lockWait) {
            this.lockWait = lockWait;
            return this;
        }

        /** How long the REFRESH may wait for a table lock; 5 seconds by default. */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        public RefreshOptions build() {
            return new RefreshOptions(mode, upstream, trigger, lockWait, lockTimeout);
        }
    }
}
