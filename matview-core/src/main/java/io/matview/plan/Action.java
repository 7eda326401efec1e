package io.matview.plan;

/** What apply does to one object. */
public enum Action {
    /** The object does not exist yet. */
    CREATE,
    /** Changed in place: {@code CREATE OR REPLACE VIEW}, a new comment or refresh policy. Dependents stay. */
    REPLACE,
    /** Built anew beside the old object, then swapped in by rename: readers wait only for the swap. */
    REBUILD,
    /**
     * A materialized view whose own definition stays (or changes only in place) but which reads a view
     * whose SQL changed: {@code REFRESH MATERIALIZED VIEW CONCURRENTLY}, so that it holds data of the
     * new definition while readers keep reading the old rows until commit.
     */
    REFRESH,
    /** Its file is gone: dropped (only with allow-drop). */
    DROP;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
