package io.matview.view;

/**
 * What a view file creates: a plain view, a materialized view, or an incremental view (a table Matview
 * keeps, refreshed by time buckets, read through a plain view of the file's name); a real-time view is an
 * incremental view whose newest buckets are computed live on every read.
 */
public enum Kind {
    VIEW("view"),
    MATERIALIZED_VIEW("materialized view"),
    INCREMENTAL_VIEW("incremental view"),
    REAL_TIME_VIEW("real-time view");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    /**
     * The SQL keyword(s) of the object of the file's name, {@code VIEW} or {@code MATERIALIZED VIEW}: an
     * incremental view's name is a plain view over the table Matview keeps.
     */
    public String sql() {
        return this == MATERIALIZED_VIEW ? "MATERIALIZED VIEW" : "VIEW";
    }

    /** Whether Matview refreshes it: a materialized view, or an incremental or real-time view. */
    public boolean refreshable() {
        return this != VIEW;
    }

    /** Whether it is kept by time buckets: an incremental or real-time view. */
    public boolean incremental() {
        return this == INCREMENTAL_VIEW || this == REAL_TIME_VIEW;
    }

    /**
     * Whether what a reader sees changes only with the generation (a refresh): false for a plain view and
     * a real-time view, whose reads run the query (or its newest buckets) live.
     */
    public boolean changesOnlyOnRefresh() {
        return this == MATERIALIZED_VIEW || this == INCREMENTAL_VIEW;
    }

    /** How PostgreSQL's docs and Matview's output name it: {@code materialized view}. */
    public String label() {
        return label;
    }

    public static Kind fromLabel(String label) {
        for (Kind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind: " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}
