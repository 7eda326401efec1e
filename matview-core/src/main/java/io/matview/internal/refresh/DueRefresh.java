package io.matview.internal.refresh;

import io.matview.refresh.RefreshLogEntry;
import java.util.List;

/**
 * What a scheduled refresh ({@link Refresher#refreshIfDue}) came to.
 *
 * @param attempts the attempts made and logged, the cascade included; empty unless {@code REFRESHED}
 */
public record DueRefresh(Outcome outcome, List<RefreshLogEntry> attempts) {

    public DueRefresh {
        attempts = List.copyOf(attempts);
    }

    /** How a scheduled refresh ended. */
    public enum Outcome {
        /** It ran (successfully or not) and is in {@link #attempts()}. */
        REFRESHED,
        /** Its data was already newer than when it fell due: another refresh covered it. Nothing logged. */
        NOT_DUE,
        /**
         * Another refresh of it, or of a view it reads (whose cascade will cover it), is running now.
         * Nothing logged: that refresh logs itself; look again at the next tick.
         */
        BUSY
    }

    static DueRefresh notNow(Outcome outcome) {
        return new DueRefresh(outcome, List.of());
    }
}
