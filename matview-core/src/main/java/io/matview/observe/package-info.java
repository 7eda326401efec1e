/**
 * What a view costs and how fresh it is: the measures {@code Matview.status()} adds to each view
 * (freshness, refresh statistics, source health, advice) and the drift check of a materialized view.
 */
package io.matview.observe;
