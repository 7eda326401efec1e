package io.matview.refresh;

/** How a materialized view is refreshed. */
public enum RefreshMode {
    /** {@code CONCURRENTLY} when the view is populated and has a usable unique index, else a plain refresh. */
    AUTO,
    /** {@code REFRESH ... CONCURRENTLY}: readers are never blocked; needs a unique index ({@code unique:}). */
    CONCURRENT,
    /**
     * A plain {@code REFRESH}: faster for big changes, but every reader waits until it commits. For an
     * incremental view: every bucket recomputed (readers are not blocked).
     */
    FULL,
    /**
     * An incremental view's refresh: the buckets of its window and those late changes touched, recomputed
     * and replaced in one transaction. Requested for a materialized view, it means {@link #AUTO}.
     */
    INCREMENTAL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    /** Parses {@code auto}, {@code concurrent} or {@code full}. */
    public static RefreshMode parse(String text) {
        for (RefreshMode m : values()) {
            if (m.label().equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown refresh mode '" + text + "'; use auto, concurrent, full or incremental");
    }
}
