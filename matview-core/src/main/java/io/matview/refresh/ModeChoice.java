package io.matview.refresh;

/**
 * The mode a refresh runs in, and why: the log shows the reason.
 *
 * @param mode {@link RefreshMode#CONCURRENT} or {@link RefreshMode#FULL}, never {@code AUTO}
 */
record ModeChoice(RefreshMode mode, String reason) {

    /**
     * {@code CONCURRENTLY} needs data to compare against and a unique index to match rows by;
     * everything else falls back to a plain refresh, saying why.
     *
     * @param hasUniqueIndex a valid, non-partial unique index on plain columns
     */
    static ModeChoice choose(RefreshMode requested, boolean populated, boolean hasUniqueIndex) {
        if (requested == RefreshMode.FULL) {
            return new ModeChoice(RefreshMode.FULL, "full refresh requested");
        }
        if (!populated) {
            return new ModeChoice(RefreshMode.FULL, "it holds no data yet: the first refresh cannot be concurrent");
        }
        if (!hasUniqueIndex) {
            return new ModeChoice(RefreshMode.FULL,
                    "no unique index on plain columns: declare '-- unique:' to refresh concurrently");
        }
        return new ModeChoice(RefreshMode.CONCURRENT, requested == RefreshMode.CONCURRENT
                ? "concurrent refresh requested" : "populated, with a unique index");
    }
}
