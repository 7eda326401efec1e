package io.matview.internal.query;

import io.matview.catalog.ViewColumn;

/** What a column's values are, for checking filter values and choosing operators. */
enum Category {
    INTEGER, NUMBER, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, TEXT, UUID, JSON, OTHER;

    boolean ordered() {
        return this != BOOLEAN && this != JSON && this != OTHER;
    }

    static Category of(ViewColumn c) {
        return switch (c.typname()) {
            case "int2", "int4", "int8" -> INTEGER;
            case "numeric", "float4", "float8", "money" -> NUMBER;
            case "bool" -> BOOLEAN;
            case "date" -> DATE;
            case "timestamp" -> TIMESTAMP;
            case "timestamptz" -> TIMESTAMPTZ;
            case "uuid" -> UUID;
            case "json", "jsonb" -> JSON;
            default -> "S".equals(c.typcategory()) ? TEXT : OTHER;
        };
    }
}
