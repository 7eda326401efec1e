package io.matview.observe;

import io.matview.view.QualifiedName;

/**
 * How long a full drift comparison of a view would take, estimated before it runs.
 *
 * @param viewRows rows in the materialized view (PostgreSQL's estimate)
 * @param queryRows rows its query returns (the planner's estimate)
 * @param estimatedMs the estimate: twice the median refresh, or from the plan's cost without a refresh
 * @param basis how the estimate was made, in words
 */
public record DriftEstimate(QualifiedName view, long viewRows, long queryRows, long estimatedMs, String basis) {
}
