package io.matview.refresh;

import io.matview.view.QualifiedName;
import java.time.Instant;

/**
 * One refresh attempt, as the refresh log ({@code matview.refresh_log}) keeps it.
 *
 * @param mode the mode used, or {@code null} when the attempt was skipped before choosing
 * @param modeReason why that mode: {@code no unique index: declare unique: to refresh concurrently}, …
 * @param rows the rows after the refresh, or {@code null} when not counted (very large views) or failed
 * @param generation the view's generation after a successful refresh
 * @param error what went wrong, for failed, skipped and cancelled attempts
 * @param host the host of the Matview process that made the attempt
 * @param pid that process's id
 */
public record RefreshLogEntry(long id, QualifiedName view, Trigger trigger, RefreshMode mode, String modeReason,
                              RefreshStatus status, Instant startedAt, Instant finishedAt, long durationMs,
                              Long rows, Long generation, String error, String host, long pid) {

    public boolean ok() {
        return status == RefreshStatus.OK;
    }
}
