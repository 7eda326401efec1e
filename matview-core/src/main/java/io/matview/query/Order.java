package io.matview.query;

import java.util.Objects;

/** One {@code order=column[.asc|.desc][.nullsfirst|.nullslast]} item. */
public record Order(String column, boolean descending, Nulls nulls) {

    /** Where NULLs go; {@link #DEFAULT} is PostgreSQL's (last ascending, first descending). */
    public enum Nulls { DEFAULT, FIRST, LAST }

    public Order {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(nulls, "nulls");
    }

    public static Order ascending(String column) {
        return new Order(column, false, Nulls.DEFAULT);
    }

    public static Order descending(String column) {
        return new Order(column, true, Nulls.DEFAULT);
    }
}
