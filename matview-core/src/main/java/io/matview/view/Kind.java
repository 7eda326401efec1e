package io.matview.view;

/** What a view file creates: a plain view or a materialized view. */
public enum Kind {
    VIEW("view"),
    MATERIALIZED_VIEW("materialized view");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    /** The SQL keyword(s), {@code VIEW} or {@code MATERIALIZED VIEW}. */
    public String sql() {
        return label.toUpperCase(java.util.Locale.ROOT);
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
