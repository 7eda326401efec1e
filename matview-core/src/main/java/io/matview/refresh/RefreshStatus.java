package io.matview.refresh;

/** How a refresh attempt ended. */
public enum RefreshStatus {
    /** Refreshed; the generation went up. */
    OK,
    /** PostgreSQL refused or the statement timed out; the previous data is still in place. */
    FAILED,
    /** Not attempted: another process held the view's refresh lock, or a view it reads failed. */
    SKIPPED,
    /** Stopped on shutdown; the previous data is still in place. */
    CANCELLED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    public static RefreshStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
