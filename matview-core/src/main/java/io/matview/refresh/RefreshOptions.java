package io.matview.refresh;

import java.time.Duration;
import java.util.Objects;

/**
 * How to refresh: built from {@link #defaults()} with the {@code with…} methods.
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
        return new RefreshOptions(RefreshMode.AUTO, false, Trigger.MANUAL, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    public RefreshOptions withMode(RefreshMode mode) {
        return new RefreshOptions(mode, upstream, trigger, lockWait, lockTimeout);
    }

    public RefreshOptions withUpstream(boolean upstream) {
        return new RefreshOptions(mode, upstream, trigger, lockWait, lockTimeout);
    }

    public RefreshOptions withTrigger(Trigger trigger) {
        return new RefreshOptions(mode, upstream, trigger, lockWait, lockTimeout);
    }

    public RefreshOptions withLockWait(Duration lockWait) {
        return new RefreshOptions(mode, upstream, trigger, lockWait, lockTimeout);
    }

    public RefreshOptions withLockTimeout(Duration lockTimeout) {
        return new RefreshOptions(mode, upstream, trigger, lockWait, lockTimeout);
    }
}
