package io.matview.observe;

import io.matview.view.QualifiedName;

/**
 * How far a materialized view's stored rows are from what its query returns now.
 *
 * @param viewRows rows compared on the view's side (all, or the sample's)
 * @param queryRows rows compared on the query's side
 * @param onlyInView rows only in the view (gone or changed since the refresh); {@code null} in checksum mode
 * @param onlyInQuery rows only in the query (new or changed); {@code null} in checksum mode
 * @param differs whether the two sides differ
 * @param sampledPercent the share of rows compared, in percent (100 unless sampled)
 * @param durationMs how long the comparison took
 */
public record Drift(QualifiedName view, DriftMode mode, long viewRows, long queryRows, Long onlyInView, Long onlyInQuery,
                    boolean differs, double sampledPercent, long durationMs) {
}
