package io.matview.refresh;

/** What started a refresh, as the refresh log records it. */
public enum Trigger {
    /** The CLI or a core API call. */
    MANUAL,
    /** The scheduler, for an {@code every} or {@code cron} policy. */
    SCHEDULE,
    /** The scheduler, because a source table of an {@code on change} view changed. */
    CHANGE,
    /** The HTTP API. */
    API,
    /** A view it reads was refreshed in the same call. */
    CASCADE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    public static Trigger fromLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
