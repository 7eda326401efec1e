package io.matview.observe;

/**
 * A view's refreshes as its refresh log tells them, over its last {@value #WINDOW} successful refreshes.
 *
 * @param count successful refreshes counted (at most {@value #WINDOW})
 * @param p50Ms median duration, or {@code null} without a successful refresh
 * @param p95Ms 95th percentile duration, or {@code null}
 * @param maxMs longest duration, or {@code null}
 * @param trendMsPerDay how the duration changes per day (least squares over the window); {@code null}
 *     with fewer than two refreshes
 * @param failureStreak failed attempts since the data last changed
 * @param failures failed attempts in the whole log
 * @param lastError the error of the last failed attempt of the streak, or {@code null}
 * @param intervalShare the median duration as a share of the schedule's interval ({@code every}, {@code cron});
 *     {@code null} for other policies or without a refresh
 * @param rowsGrowthPerDay how the refreshed row count changes per day (least squares), or {@code null}
 * @param sizeGrowthBytesPerDay {@code rowsGrowthPerDay} times the bytes per row now, or {@code null}
 */
public record RefreshStats(int count, Long p50Ms, Long p95Ms, Long maxMs, Double trendMsPerDay, long failureStreak,
                           long failures, String lastError, Double intervalShare, Double rowsGrowthPerDay,
                           Double sizeGrowthBytesPerDay) {
    /** How many of the latest successful refreshes the statistics read. */
    public static final int WINDOW = 100;
}
