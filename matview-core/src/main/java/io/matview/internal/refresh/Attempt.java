package io.matview.internal.refresh;

import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.view.QualifiedName;
import java.time.Instant;

/**
 * One refresh attempt as it is about to be logged: what {@link RefreshLog#insert} writes.
 *
 * @param mode the mode used, or {@code null} when the attempt ended before one was chosen
 * @param durationMs from the start (after the wait for the lock) to now
 * @param rows the rows after a successful refresh, when counted
 * @param generation the view's generation after a successful refresh
 */
record Attempt(QualifiedName view, Trigger trigger, ModeChoice mode, RefreshStatus status, Instant startedAt,
               long durationMs, Long rows, Long generation, String error) {

    /** An attempt that ended before it refreshed anything: failed, skipped or cancelled. */
    static Attempt ended(QualifiedName view, Trigger trigger, ModeChoice mode, RefreshStatus status, Instant startedAt,
                         long durationMs, String error) {
        return new Attempt(view, trigger, mode, status, startedAt, durationMs, null, null, error);
    }
}
