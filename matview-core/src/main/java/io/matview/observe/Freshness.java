package io.matview.observe;

import java.time.Instant;

/**
 * How old a view's data is and when it is next refreshed. For an incremental view, the data of the table it
 * is kept in; for a real-time view, that of its stored part only: readers also see the source rows committed
 * since (its newest buckets are computed on every read), so its staleness is the age of what a refresh would
 * replace, not of what a reader sees.
 *
 * @param refreshedAt when the data last changed (refresh, create or rebuild), or {@code null} for a plain view
 * @param stalenessSeconds seconds since {@code refreshedAt}, or {@code null} for a plain view
 * @param pendingChange for an {@code on change} view, whether a source was written since the data was
 *     taken; {@code null} when unknown or for other policies
 * @param nextRefreshAt when the schedule next refreshes it ({@code every}, {@code cron}), or {@code null}
 * @param secondsUntilNextRefresh seconds until {@code nextRefreshAt} (0 when overdue), or {@code null}
 */
public record Freshness(Instant refreshedAt, Double stalenessSeconds, Boolean pendingChange, Instant nextRefreshAt,
                        Double secondsUntilNextRefresh) {
}
