package io.matview.catalog;

/**
 * An index on a managed materialized view.
 *
 * @param definition {@code CREATE [UNIQUE] INDEX …}, as {@code pg_indexes} gives it
 */
public record ViewIndex(String name, String definition) {
}
