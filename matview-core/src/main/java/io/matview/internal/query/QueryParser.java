package io.matview.internal.query;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.catalog.ViewColumn;
import io.matview.catalog.ViewDescription;
import io.matview.query.Filter;
import io.matview.query.Operator;
import io.matview.query.Order;
import io.matview.query.RowFormat;
import io.matview.query.RowQuery;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads PostgREST-style parameters into a {@link RowQuery}, checking every name and value against the view. */
public final class QueryParser {
    private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]{1,10}");
    private static final int MAX_IN_VALUES = 100;
    private static final int MAX_VALUE_LENGTH = 1000;
    private static final String OPERATORS = "eq, neq, gt, gte, lt, lte, in, like, ilike, is";

    private final ViewDescription view;

    private QueryParser(ViewDescription view) {
        this.view = view;
    }

    /** A query string ({@code a=eq.1&order=b.desc}, undecoded) checked against {@code view}. */
    public static RowQuery parse(ViewDescription view, String queryString, RowFormat defaultFormat, int defaultLimit,
                                 int maxLimit) {
        return new QueryParser(view).parse(QueryString.parse(queryString), defaultFormat, defaultLimit, maxLimit);
    }

    RowQuery parse(Map<String, List<String>> params, RowFormat defaultFormat, int defaultLimit, int maxLimit) {
        List<String> select = view.columns().stream().map(ViewColumn::name).toList();
        List<Filter> filters = new ArrayList<>();
        List<Order> order = List.of();
        int limit = defaultLimit;
        int offset = 0;
        RowFormat format = defaultFormat;
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String key = p.getKey();
            if (RowQuery.RESERVED.contains(key) && p.getValue().size() > 1) {
                throw invalid("parameter '" + key + "' given " + p.getValue().size() + " times", key, "give it once");
            }
            if (p.getValue().isEmpty()) {
                throw invalid("parameter '" + shorten(key) + "' has no value", key, "write " + key + "=VALUE");
            }
            String value = p.getValue().get(0);
            switch (key) {
                case "select" -> select = parseSelect(value);
                case "order" -> order = parseOrder(value);
                case "limit" -> limit = parseInt("limit", value, 0, maxLimit,
                        "the maximum is " + maxLimit + "; page with offset, or ask for CSV to export more");
                case "offset" -> offset = parseInt("offset", value, 0, 1_000_000_000, "use a whole number ≥ 0");
                case "format" -> format = switch (value.toLowerCase(Locale.ROOT)) {
                    case "json" -> RowFormat.JSON;
                    case "csv" -> RowFormat.CSV;
                    default -> throw invalid("unknown format '" + value + "'", "format", "use format=json or format=csv");
                };
                default -> {
                    for (String v : p.getValue()) {
                        filters.add(parseFilter(key, v));
                    }
                }
            }
        }
        return new RowQuery(select, filters, order, limit, offset, format);
    }

    private List<String> parseSelect(String value) {
        Set<String> columns = new LinkedHashSet<>();
        for (String name : value.split(",", -1)) {
            columns.add(column(name.strip(), "select").name());
        }
        return List.copyOf(columns);
    }

    private List<Order> parseOrder(String value) {
        List<Order> order = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String[] parts = item.strip().split("\\.", -1);
            ViewColumn c = column(parts[0], "order");
            boolean desc = false;
            Order.Nulls nulls = Order.Nulls.DEFAULT;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "asc" -> desc = false;
                    case "desc" -> desc = true;
                    case "nullsfirst" -> nulls = Order.Nulls.FIRST;
                    case "nullslast" -> nulls = Order.Nulls.LAST;
                    default -> throw invalid("unknown ordering '" + parts[i] + "' in order", "order",
                            "write order=column[.asc|.desc][.nullsfirst|.nullslast], comma-separated");
                }
            }
            checkOrderable(c);
            order.add(new Order(c.name(), desc, nulls));
        }
        return order;
    }

    static void checkOrderable(ViewColumn c) {
        Category category = Category.of(c);
        if (!category.ordered() && category != Category.BOOLEAN) {
            throw invalid("column '" + c.name() + "' of type " + c.type() + " cannot be ordered", "order", null);
        }
    }

    private Filter parseFilter(String name, String expression) {
        ViewColumn c = column(name, name);
        Category category = Category.of(c);
        String rest = expression;
        boolean negated = false;
        if (rest.startsWith("not.")) {
            negated = true;
            rest = rest.substring(4);
        }
        int dot = rest.indexOf('.');
        Operator op = dot < 0 ? null : operator(rest.substring(0, dot));
        if (op == null) {
            throw invalid("malformed filter on '" + name + "': '" + shorten(expression) + "'", name,
                    "write " + name + "=OPERATOR.VALUE with OPERATOR one of " + OPERATORS + " (prefix not. to negate), e.g. "
                            + name + "=eq.42");
        }
        String raw = rest.substring(dot + 1);
        return switch (op) {
            case IS -> {
                String v = raw.toLowerCase(Locale.ROOT);
                if (!v.equals("null") && !(category == Category.BOOLEAN && (v.equals("true") || v.equals("false")))) {
                    throw invalid("'is' takes null" + (category == Category.BOOLEAN ? ", true or false" : "")
                            + ", got '" + shorten(raw) + "'", name, "write " + name + "=is.null");
                }
                yield new Filter(c.name(), negated, op, List.of(v));
            }
            case IN -> {
                if (!raw.startsWith("(") || !raw.endsWith(")")) {
                    throw invalid("'in' takes a list in parentheses", name, "write " + name + "=in.(a,b,c)");
                }
                List<String> values = splitList(raw.substring(1, raw.length() - 1), name);
                if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
                    throw invalid("'in' takes 1 to " + MAX_IN_VALUES + " values, got " + values.size(), name, null);
                }
                if (category == Category.JSON || category == Category.OTHER && c.type().endsWith("[]")) {
                    throw operatorMismatch(c, op);
                }
                for (String v : values) {
                    check(c, v, false);
                }
                yield new Filter(c.name(), negated, op, values);
            }
            case LIKE, ILIKE -> {
                if (category != Category.TEXT) {
                    throw operatorMismatch(c, op);
                }
                checkLength(c, raw);
                yield new Filter(c.name(), negated, op, List.of(raw.replace('*', '%')));
            }
            default -> {
                if (category == Category.JSON || (op != Operator.EQ && op != Operator.NEQ && !category.ordered())) {
                    throw operatorMismatch(c, op);
                }
                check(c, raw, true);
                yield new Filter(c.name(), negated, op, List.of(raw));
            }
        };
    }

    private static Operator operator(String label) {
        for (Operator o : Operator.values()) {
            if (o.label().equals(label)) {
                return o;
            }
        }
        return null;
    }

    private static MatviewException operatorMismatch(ViewColumn c, Operator op) {
        return invalid("operator '" + op.label() + "' does not apply to column '" + c.name() + "' of type " + c.type(),
                c.name(), switch (Category.of(c)) {
                    case TEXT -> "text columns take " + OPERATORS;
                    case BOOLEAN -> "boolean columns take eq, neq, is.true, is.false, is.null";
                    case JSON -> "json columns take only is.null";
                    default -> "like and ilike apply to text columns only";
                });
    }

    /**
     * Checks that {@code value} is a value of the column's type, so that a typo is an error naming the
     * column rather than a database error.
     */
    private static void check(ViewColumn c, String value, boolean relativeAllowed) {
        checkLength(c, value);
        Category category = Category.of(c);
        try {
            switch (category) {
                case INTEGER -> {
                    long n = Long.parseLong(value);
                    long max = c.typname().equals("int2") ? Short.MAX_VALUE : c.typname().equals("int4") ? Integer.MAX_VALUE : Long.MAX_VALUE;
                    long min = c.typname().equals("int2") ? Short.MIN_VALUE : c.typname().equals("int4") ? Integer.MIN_VALUE : Long.MIN_VALUE;
                    if (n < min || n > max) {
                        throw new IllegalArgumentException("out of range");
                    }
                }
                case NUMBER -> new BigDecimal(value);
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException();
                    }
                }
                case UUID -> java.util.UUID.fromString(value);
                case DATE, TIMESTAMP, TIMESTAMPTZ -> {
                    if (relativeAllowed && RelativeTime.matches(value)) {
                        return;
                    }
                    parseTime(category, value);
                }
                default -> {
                    // text and other types: PostgreSQL's cast decides, and its refusal is an invalid query too
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            String why = "out of range".equals(e.getMessage()) ? " (out of range)" : "";
            throw invalid("'" + shorten(value) + "' is not a valid " + c.type() + " for column '" + c.name() + "'" + why,
                    c.name(), example(category));
        }
    }

    private static void parseTime(Category category, String value) {
        if (category == Category.DATE) {
            LocalDate.parse(value);
        } else if (value.length() == 10) {
            LocalDate.parse(value);
        } else if (category == Category.TIMESTAMPTZ && (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$"))) {
            OffsetDateTime.parse(value);
        } else {
            LocalDateTime.parse(value.replace(' ', 'T'));
        }
    }

    private static String example(Category category) {
        return switch (category) {
            case INTEGER -> "write a whole number that fits the column's type, e.g. 42";
            case NUMBER -> "write a number, e.g. 12.50";
            case BOOLEAN -> "write true or false";
            case UUID -> "write a UUID, e.g. 123e4567-e89b-12d3-a456-426614174000";
            case DATE -> "write a date (2026-01-31) or a relative time (now-30d; units s, min, h, d, w, mon, y)";
            case TIMESTAMP, TIMESTAMPTZ -> "write an ISO-8601 time (2026-01-31T12:00:00Z) or a relative time (now-12h)";
            default -> null;
        };
    }

    private static void checkLength(ViewColumn c, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw invalid("value for column '" + c.name() + "' is longer than " + MAX_VALUE_LENGTH + " characters", c.name(), null);
        }
    }

    /** Splits {@code a,"b,c",d}: double quotes protect commas and parentheses, as in PostgREST. */
    private static List<String> splitList(String text, String param) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '\\' && quoted && i + 1 < text.length()) {
                current.append(text.charAt(++i));
            } else if (ch == ',' && !quoted) {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        if (quoted) {
            throw invalid("unterminated quote in the list of '" + param + "'", param, "close the \" quote");
        }
        if (!text.isEmpty()) {
            values.add(current.toString());
        }
        return values;
    }

    private ViewColumn column(String name, String param) {
        return column(view, name, param);
    }

    /** The view's column of that name, or an error listing the columns it has. */
    static ViewColumn column(ViewDescription view, String name, String param) {
        for (ViewColumn c : view.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw invalid("unknown column '" + shorten(name) + "'", param,
                "columns of " + view.name() + ": " + String.join(", ", view.columns().stream().map(ViewColumn::name).toList()));
    }

    private static int parseInt(String param, String value, int min, int max, String hint) {
        try {
            // Integer.parseInt takes any script's digits (٣); a URL parameter takes ASCII ones only
            if (!ASCII_INTEGER.matcher(value).matches()) {
                throw new NumberFormatException(value);
            }
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(param + " must be a whole number from " + min + " to " + max + ", got '" + shorten(value) + "'", param, hint);
    }

    static MatviewException invalid(String what, String where, String hint) {
        return new MatviewException(ErrorCode.INVALID_QUERY, what, where, hint);
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
