package io.matview.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A request for rows of a view, in PostgREST's conventions: the columns to select, filters, order,
 * limit, offset and the format. Identifiers are checked against the view's columns before any SQL is
 * built; every value is a bind parameter.
 *
 * <pre>
 *   ?select=day,revenue&amp;day=gte.now-30d&amp;status=in.(paid,failed)&amp;order=revenue.desc.nullslast&amp;limit=10
 * </pre>
 *
 * @param select the columns, in the order to return them; empty for all of the view's columns
 * @param order the requested order; ties are always broken by the view's unique key, so that pages
 *     neither repeat nor skip rows
 */
public record RowQuery(List<String> select, List<Filter> filters, List<Order> order, int limit, int offset, RowFormat format) {

    /** The parameter names that are not filters. */
    public static final java.util.Set<String> RESERVED = java.util.Set.of("select", "order", "limit", "offset", "format");

    public RowQuery {
        select = List.copyOf(select);
        filters = List.copyOf(filters);
        order = List.copyOf(order);
        Objects.requireNonNull(format, "format");
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset are ≥ 0, got " + limit + " and " + offset);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The query in one canonical spelling: equal requests share a cache entry whatever their parameter order. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        sb.append(format).append('|');
        select.forEach(c -> sb.append(c).append(','));
        sb.append('|');
        filters.stream().map(Filter::canonical).sorted(Comparator.naturalOrder()).forEach(f -> sb.append(f).append('&'));
        sb.append('|');
        order.forEach(o -> sb.append(o.column()).append(o.descending() ? ".desc" : ".asc").append('.').append(o.nulls()).append(','));
        sb.append('|').append(limit).append('|').append(offset);
        return sb.toString();
    }

    /** Builds a query in code: every column, no filter, the view's unique-key order, 100 rows, JSON. */
    public static final class Builder {
        private final List<String> select = new ArrayList<>();
        private final List<Filter> filters = new ArrayList<>();
        private final List<Order> order = new ArrayList<>();
        private int limit = 100;
        private int offset;
        private RowFormat format = RowFormat.JSON;

        private Builder() {
        }

        public Builder select(String... columns) {
            select.addAll(List.of(columns));
            return this;
        }

        public Builder where(Filter filter) {
            filters.add(filter);
            return this;
        }

        public Builder orderBy(Order item) {
            order.add(item);
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        public Builder format(RowFormat format) {
            this.format = format;
            return this;
        }

        public RowQuery build() {
            return new RowQuery(select, filters, order, limit, offset, format);
        }
    }
}
