package io.matview.query;

import java.util.List;
import java.util.Objects;

/**
 * One {@code column=[not.]op.value} condition. Values are kept as written (a relative time as
 * {@code now-30d}, a {@code like} pattern with {@code %}); they reach PostgreSQL only as bind values.
 *
 * @param values one value; for {@link Operator#IN} one or more; for {@link Operator#IS} {@code null},
 *     {@code true} or {@code false}
 */
public record Filter(String column, boolean negated, Operator operator, List<String> values) {

    public Filter {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
    }

    /** {@code column=op.value}, negated or not. */
    public static Filter of(String column, Operator operator, String... values) {
        return new Filter(column, false, operator, List.of(values));
    }

    String canonical() {
        return column + "=" + (negated ? "not." : "") + operator.label() + "." + String.join("\u0001", values);
    }
}
