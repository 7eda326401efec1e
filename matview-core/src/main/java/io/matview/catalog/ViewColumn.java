package io.matview.catalog;

/**
 * A column of a managed view, as {@code pg_attribute} and {@code pg_type} describe it.
 *
 * @param type the type with modifiers ({@code numeric(12,2)}), as users see it
 * @param baseType the type without modifiers ({@code numeric}): what a value compared with the column
 *     is cast to, so that it is not rounded to the column's scale first
 * @param typname the type's internal name ({@code int4})
 * @param typcategory PostgreSQL's one-letter type category ({@code N} numeric, {@code S} string, …)
 */
public record ViewColumn(String name, String type, String baseType, String typname, String typcategory) {
}
