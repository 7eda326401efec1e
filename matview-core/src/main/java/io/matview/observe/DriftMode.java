package io.matview.observe;

import java.util.Locale;

/** How {@code drift} compares a materialized view's rows with its query's. */
public enum DriftMode {
    /** Every row, {@code EXCEPT ALL} both ways: exact counts; as costly as two refreshes. */
    FULL,
    /**
     * The rows whose unique key (or, without one, whole row) hashes into a 1 % sample, {@code EXCEPT ALL}
     * both ways: counts of the sample. Drawn by key, the sample filters the query's sources below its
     * grouping, so only the sampled groups are computed.
     */
    SAMPLE,
    /** A count and an order-independent checksum of each side: whether they differ, not by how much. */
    CHECKSUM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    /** Parses {@code full}, {@code sample} or {@code checksum}. */
    public static DriftMode parse(String text) {
        for (DriftMode m : values()) {
            if (m.label().equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown drift mode '" + text + "'; use full, sample or checksum");
    }
}
