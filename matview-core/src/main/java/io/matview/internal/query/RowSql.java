package io.matview.internal.query;

import io.matview.catalog.ViewColumn;
import io.matview.catalog.ViewDescription;
import io.matview.query.Filter;
import io.matview.query.Operator;
import io.matview.query.Order;
import io.matview.query.RowFormat;
import io.matview.query.RowQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SELECT of a {@link RowQuery} and its bind values. Every identifier is looked up in the view's
 * columns and quoted; every value is a bind parameter, so the SQL text is the same whatever the values.
 *
 * @param columns the selected columns, in order
 */
public record RowSql(String text, List<String> params, List<ViewColumn> columns) {

    public RowSql {
        params = List.copyOf(params);
        columns = List.copyOf(columns);
    }

    public static RowSql of(ViewDescription view, RowQuery query) {
        List<ViewColumn> columns = query.select().isEmpty() ? view.columns()
                : query.select().stream().map(name -> QueryParser.column(view, name, "select")).toList();
        List<String> params = new ArrayList<>();
        StringBuilder sb = new StringBuilder("SELECT ");
        sb.append(String.join(", ", columns.stream().map(c -> quote(c.name())).toList()));
        sb.append(" FROM ").append(view.name().sql());
        if (!query.filters().isEmpty()) {
            List<String> conditions = new ArrayList<>();
            for (Filter f : query.filters()) {
                conditions.add(condition(QueryParser.column(view, f.column(), f.column()), f, params));
            }
            sb.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        List<String> order = order(view, query.order());
        if (!order.isEmpty()) {
            sb.append(" ORDER BY ").append(String.join(", ", order));
        }
        sb.append(" LIMIT ").append(query.limit()).append(" OFFSET ").append(query.offset());
        return new RowSql(sb.toString(), params, columns);
    }

    /**
     * The statement that reads one text cell per column: for JSON, what {@link JsonRows} writes each
     * value from; for CSV, the value as JSON writes it, unquoted.
     *
     * @param textOnly whether the connection receives every value as text: then a value whose JSON is its
     *     output text needs no cast, which would make PostgreSQL write it twice
     */
    public String formatted(RowFormat format, boolean textOnly) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            String column = "r." + quote(columns.get(i).name());
            select.append(i == 0 ? "" : ", ")
                    .append(format == RowFormat.JSON ? JsonRows.Cell.of(columns.get(i)).select(column, textOnly)
                            : "to_json(" + column + ")#>>'{}'");
        }
        return select + " FROM (" + text + ") r";
    }

    /** The requested order, then the unique key's columns not in it: ties broken, pages stable. */
    private static List<String> order(ViewDescription view, List<Order> requested) {
        List<String> sql = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Order o : requested) {
            ViewColumn c = QueryParser.column(view, o.column(), "order");
            QueryParser.checkOrderable(c);
            named.add(c.name());
            sql.add(quote(c.name()) + (o.descending() ? " DESC" : " ASC") + switch (o.nulls()) {
                case DEFAULT -> "";
                case FIRST -> " NULLS FIRST";
                case LAST -> " NULLS LAST";
            });
        }
        for (String key : view.uniqueKey()) {
            if (!named.contains(key) && view.columns().stream().anyMatch(c -> c.name().equals(key))) {
                named.add(key);
                sql.add(quote(key) + " ASC");
            }
        }
        return sql;
    }

    private static String condition(ViewColumn column, Filter f, List<String> params) {
        String col = quote(column.name());
        String cast = "::" + column.baseType();
        String c = switch (f.operator()) {
            case IS -> col + " IS " + switch (f.values().get(0).toLowerCase(Locale.ROOT)) {
                case "null" -> "NULL";
                case "true" -> "TRUE";
                case "false" -> "FALSE";
                default -> throw QueryParser.invalid("'is' takes null, true or false", column.name(), null);
            };
            case IN -> {
                List<String> marks = new ArrayList<>();
                for (String v : f.values()) {
                    params.add(v);
                    marks.add("?" + cast);
                }
                yield col + " IN (" + String.join(", ", marks) + ")";
            }
            case LIKE, ILIKE -> {
                params.add(f.values().get(0));
                yield col + (f.operator() == Operator.LIKE ? " LIKE ?" : " ILIKE ?");
            }
            default -> {
                String v = f.values().get(0);
                Category category = Category.of(column);
                boolean relative = (category == Category.DATE || category == Category.TIMESTAMP || category == Category.TIMESTAMPTZ)
                        && RelativeTime.matches(v);
                params.add(relative ? RelativeTime.interval(v) : v);
                String value = relative ? (category == Category.DATE ? "(now() + ?::interval)::date" : "(now() + ?::interval)" + cast)
                        : "?" + cast;
                yield col + " " + switch (f.operator()) {
                    case EQ -> "=";
                    case NEQ -> "<>";
                    case GT -> ">";
                    case GTE -> ">=";
                    case LT -> "<";
                    default -> "<=";
                } + " " + value;
            }
        };
        return f.negated() ? "NOT (" + c + ")" : c;
    }

    /** Always quoted: the name is exactly the catalog's, whatever its spelling. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
