package io.matview.server;

/**
 * A column of a served view.
 *
 * @param type PostgreSQL's name for the type, with modifiers ({@code numeric(12,2)}), as shown to users
 * @param baseType the type without modifiers ({@code numeric}): filter values are cast to it, so that
 *     {@code 10.255} is not rounded to the column's scale before it is compared
 * @param typname the type's internal name ({@code int4}), for range checks
 */
record Column(String name, String type, String baseType, String typname, Category category) {

    /** What a column's values are, for checking filters and choosing operators. */
    enum Category {
        INTEGER, NUMBER, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, TEXT, UUID, JSON, OTHER;

        boolean ordered() {
            return this != BOOLEAN && this != JSON && this != OTHER;
        }
    }

    static Category categorize(String typname, String typcategory) {
        return switch (typname) {
            case "int2", "int4", "int8" -> Category.INTEGER;
            case "numeric", "float4", "float8", "money" -> Category.NUMBER;
            case "bool" -> Category.BOOLEAN;
            case "date" -> Category.DATE;
            case "timestamp" -> Category.TIMESTAMP;
            case "timestamptz" -> Category.TIMESTAMPTZ;
            case "uuid" -> Category.UUID;
            case "json", "jsonb" -> Category.JSON;
            default -> "S".equals(typcategory) ? Category.TEXT : Category.OTHER;
        };
    }
}
