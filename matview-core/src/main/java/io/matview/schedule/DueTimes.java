package io.matview.schedule;

import io.matview.catalog.RuntimeView;
import io.matview.view.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a view with a clock policy next falls due: a pure function of what the catalog records, so
 * that every scheduler (and a server showing "next refresh") computes the same time.
 */
public final class DueTimes {

    private DueTimes() {
    }

    /**
     * <ul>
     * <li>{@code every}: fixed rate. The slots are {@code appliedAt + k × interval}; the view is next due
     *     at the slot after the one its data was taken in. The time a refresh takes does not push the
     *     next one back (3 s refreshes of {@code every 10 seconds} start every 10 s). When slots passed
     *     while a refresh ran longer than the interval, or while no scheduler ran, the view is due at
     *     once, and the refresh that follows takes the latest slot: one refresh, not one per missed slot.</li>
     * <li>{@code cron}: the first cron time after the data was taken; missed times are skipped the same way.</li>
     * <li>{@code on change} and {@code manual}: empty; they have no clock.</li>
     * </ul>
     *
     * @param appliedAt when the view was last created, replaced or rebuilt: the grid's origin
     * @param dataAsOf when the snapshot of its data was taken (the start of its last refresh, or the
     *     apply that built it), or {@code null} for never
     */
    public static Optional<Instant> nextDue(RefreshPolicy policy, Instant appliedAt, Instant dataAsOf) {
        Instant last = dataAsOf == null || dataAsOf.isBefore(appliedAt) ? appliedAt : dataAsOf;
        if (policy instanceof RefreshPolicy.Every every) {
            long interval = every.interval().toMillis();
            long slotsBegun = Duration.between(appliedAt, last).toMillis() / interval;
            return Optional.of(appliedAt.plusMillis((slotsBegun + 1) * interval));
        }
        return policy.nextAfter(dataAsOf != null ? dataAsOf : appliedAt);
    }

    /** {@link #nextDue(RefreshPolicy, Instant, Instant)} of a managed view. */
    public static Optional<Instant> nextDue(RuntimeView view) {
        Instant dataAsOf = view.dataAsOf() != null ? view.dataAsOf() : view.refreshedAt();
        return nextDue(view.refresh(), view.appliedAt(), dataAsOf);
    }
}
