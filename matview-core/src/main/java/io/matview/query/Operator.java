package io.matview.query;

import java.util.Locale;

/** A filter's comparison, spelled in a query string as PostgREST spells it ({@code gte}, {@code in}, …). */
public enum Operator {
    EQ, NEQ, GT, GTE, LT, LTE, IN, LIKE, ILIKE, IS;

    /** The spelling in a query string: {@code eq}, {@code gte}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it compares with one value by order or equality ({@code eq} … {@code lte}). */
    public boolean comparison() {
        return ordinal() <= LTE.ordinal();
    }
}
