package io.matview.server;

import io.matview.server.Column.Category;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for rows, in PostgREST's conventions, checked against the view's columns: every
 * identifier in the SQL it builds comes from the catalog, every value is a bind parameter.
 *
 * <pre>
 *   ?select=day,revenue&amp;day=gte.now-30d&amp;status=in.(paid,failed)&amp;order=revenue.desc.nullslast&amp;limit=10
 * </pre>
 */
record RowQuery(List<Column> select, List<Filter> filters, List<Order> order, int limit, int offset, Format format) {

    enum Format { JSON, CSV }

    /** One {@code column=[not.]op.value} condition. */
    record Filter(Column column, boolean negated, String operator, List<String> values, boolean relative) {
        String canonical() {
            return column.name() + "=" + (negated ? "not." : "") + operator + "." + String.join("\u0001", values);
        }
    }

    record Order(Column column, boolean descending, Boolean nullsFirst) {
        String sql() {
            return quote(column.name()) + (descending ? " DESC" : " ASC")
                    + (nullsFirst == null ? "" : nullsFirst ? " NULLS FIRST" : " NULLS LAST");
        }
    }

    static final Set<String> RESERVED = Set.of("select", "order", "limit", "offset", "format");
    private static final Set<String> OPERATORS = Set.of("eq", "neq", "gt", "gte", "lt", "lte", "in", "like", "ilike", "is");
    private static final Pattern RELATIVE = Pattern.compile("now(?:([+-])(\\d{1,6})(s|min|h|d|w|mon|y))?");
    private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]{1,10}");
    private static final int MAX_IN_VALUES = 100;
    private static final int MAX_VALUE_LENGTH = 1000;

    /**
     * Parses and checks a query string.
     *
     * @param params the decoded parameters, each with all its values
     * @param acceptsCsv whether the Accept header asks for CSV
     */
    static RowQuery parse(ServedView view, Map<String, List<String>> params, boolean acceptsCsv, int defaultLimit, int maxLimit) {
        List<Column> select = view.columns();
        List<Filter> filters = new ArrayList<>();
        List<Order> order = new ArrayList<>();
        int limit = defaultLimit;
        int offset = 0;
        Format format = acceptsCsv ? Format.CSV : Format.JSON;
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String key = p.getKey();
            if (RESERVED.contains(key) && p.getValue().size() > 1) {
                throw ApiError.badRequest("parameter '" + key + "' given " + p.getValue().size() + " times", key,
                        "give it once");
            }
            if (p.getValue().isEmpty()) {
                throw ApiError.badRequest("parameter '" + shorten(key) + "' has no value", key, "write " + key + "=VALUE");
            }
            String value = p.getValue().get(0);
            switch (key) {
                case "select" -> select = parseSelect(view, value);
                case "order" -> order = parseOrder(view, value);
                case "limit" -> limit = parseInt("limit", value, 0, maxLimit,
                        "the maximum is " + maxLimit + "; page with offset, or ask for CSV to export more");
                case "offset" -> offset = parseInt("offset", value, 0, 1_000_000_000, "use a whole number ≥ 0");
                case "format" -> format = switch (value.toLowerCase(Locale.ROOT)) {
                    case "json" -> Format.JSON;
                    case "csv" -> Format.CSV;
                    default -> throw ApiError.badRequest("unknown format '" + value + "'", "format", "use format=json or format=csv");
                };
                default -> {
                    for (String v : p.getValue()) {
                        filters.add(parseFilter(view, key, v));
                    }
                }
            }
        }
        return new RowQuery(select, List.copyOf(filters), stableOrder(view, order), limit, offset, format);
    }

    /** Ties broken by the unique key, so that pages neither repeat nor skip rows. */
    private static List<Order> stableOrder(ServedView view, List<Order> order) {
        List<Order> result = new ArrayList<>(order);
        for (String key : view.uniqueKey()) {
            view.column(key).ifPresent(c -> {
                if (result.stream().noneMatch(o -> o.column().equals(c))) {
                    result.add(new Order(c, false, null));
                }
            });
        }
        return List.copyOf(result);
    }

    private static List<Column> parseSelect(ServedView view, String value) {
        Set<Column> columns = new LinkedHashSet<>();
        for (String name : value.split(",", -1)) {
            columns.add(column(view, name.strip(), "select"));
        }
        return List.copyOf(columns);
    }

    private static List<Order> parseOrder(ServedView view, String value) {
        List<Order> order = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String[] parts = item.strip().split("\\.", -1);
            Column c = column(view, parts[0], "order");
            boolean desc = false;
            Boolean nullsFirst = null;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "asc" -> desc = false;
                    case "desc" -> desc = true;
                    case "nullsfirst" -> nullsFirst = true;
                    case "nullslast" -> nullsFirst = false;
                    default -> throw ApiError.badRequest("unknown ordering '" + parts[i] + "' in order", "order",
                            "write order=column[.asc|.desc][.nullsfirst|.nullslast], comma-separated");
                }
            }
            if (!c.category().ordered() && c.category() != Category.BOOLEAN) {
                throw ApiError.badRequest("column '" + c.name() + "' of type " + c.type() + " cannot be ordered", "order", null);
            }
            order.add(new Order(c, desc, nullsFirst));
        }
        return order;
    }

    private static Filter parseFilter(ServedView view, String name, String expression) {
        Column c = column(view, name, name);
        String rest = expression;
        boolean negated = false;
        if (rest.startsWith("not.")) {
            negated = true;
            rest = rest.substring(4);
        }
        int dot = rest.indexOf('.');
        String op = dot < 0 ? rest : rest.substring(0, dot);
        if (dot < 0 || !OPERATORS.contains(op)) {
            throw ApiError.badRequest("malformed filter on '" + name + "': '" + shorten(expression) + "'", name,
                    "write " + name + "=OPERATOR.VALUE with OPERATOR one of eq, neq, gt, gte, lt, lte, in, like, ilike, is "
                            + "(prefix not. to negate), e.g. " + name + "=eq.42");
        }
        String raw = rest.substring(dot + 1);
        return switch (op) {
            case "is" -> {
                String v = raw.toLowerCase(Locale.ROOT);
                if (!v.equals("null") && !(c.category() == Category.BOOLEAN && (v.equals("true") || v.equals("false")))) {
                    throw ApiError.badRequest("'is' takes null" + (c.category() == Category.BOOLEAN ? ", true or false" : "")
                            + ", got '" + shorten(raw) + "'", name, "write " + name + "=is.null");
                }
                yield new Filter(c, negated, op, List.of(v), false);
            }
            case "in" -> {
                if (!raw.startsWith("(") || !raw.endsWith(")")) {
                    throw ApiError.badRequest("'in' takes a list in parentheses", name, "write " + name + "=in.(a,b,c)");
                }
                List<String> values = splitList(raw.substring(1, raw.length() - 1), name);
                if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
                    throw ApiError.badRequest("'in' takes 1 to " + MAX_IN_VALUES + " values, got " + values.size(), name, null);
                }
                if (c.category() == Category.JSON || c.category() == Category.OTHER && c.type().endsWith("[]")) {
                    throw operatorMismatch(c, op);
                }
                for (String v : values) {
                    check(c, v, false);
                }
                yield new Filter(c, negated, op, values, false);
            }
            case "like", "ilike" -> {
                if (c.category() != Category.TEXT) {
                    throw operatorMismatch(c, op);
                }
                checkLength(c, raw);
                yield new Filter(c, negated, op, List.of(raw.replace('*', '%')), false);
            }
            default -> {
                if (c.category() == Category.JSON || (!op.equals("eq") && !op.equals("neq") && !c.category().ordered())) {
                    throw operatorMismatch(c, op);
                }
                boolean relative = check(c, raw, true);
                yield new Filter(c, negated, op, List.of(relative ? relativeInterval(raw) : raw), relative);
            }
        };
    }

    private static ApiError operatorMismatch(Column c, String op) {
        return ApiError.badRequest("operator '" + op + "' does not apply to column '" + c.name() + "' of type " + c.type(),
                c.name(), switch (c.category()) {
                    case TEXT -> "text columns take eq, neq, gt, gte, lt, lte, in, like, ilike, is";
                    case BOOLEAN -> "boolean columns take eq, neq, is.true, is.false, is.null";
                    case JSON -> "json columns take only is.null";
                    default -> "like and ilike apply to text columns only";
                });
    }

    /**
     * Checks that {@code value} is a value of the column's type, so that a typo is a 400 naming the
     * column rather than a database error; returns whether it is a relative time ({@code now-30d}).
     */
    private static boolean check(Column c, String value, boolean relativeAllowed) {
        checkLength(c, value);
        try {
            switch (c.category()) {
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
                    if (relativeAllowed && RELATIVE.matcher(value).matches()) {
                        return true;
                    }
                    parseTime(c, value);
                }
                default -> {
                    // text and other types: PostgreSQL's cast decides, and its refusal is a 400 too
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            String why = "out of range".equals(e.getMessage()) ? " (out of range)" : "";
            throw ApiError.badRequest("'" + shorten(value) + "' is not a valid " + c.type() + " for column '" + c.name() + "'"
                    + why, c.name(), example(c));
        }
        return false;
    }

    private static void parseTime(Column c, String value) {
        if (c.category() == Category.DATE) {
            LocalDate.parse(value);
        } else if (value.length() == 10) {
            LocalDate.parse(value);
        } else if (c.category() == Category.TIMESTAMPTZ && (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$"))) {
            OffsetDateTime.parse(value);
        } else {
            LocalDateTime.parse(value.replace(' ', 'T'));
        }
    }

    private static String example(Column c) {
        return switch (c.category()) {
            case INTEGER -> "write a whole number that fits the column's type, e.g. 42";
            case NUMBER -> "write a number, e.g. 12.50";
            case BOOLEAN -> "write true or false";
            case UUID -> "write a UUID, e.g. 123e4567-e89b-12d3-a456-426614174000";
            case DATE -> "write a date (2026-01-31) or a relative time (now-30d; units s, min, h, d, w, mon, y)";
            case TIMESTAMP, TIMESTAMPTZ -> "write an ISO-8601 time (2026-01-31T12:00:00Z) or a relative time (now-12h)";
            default -> null;
        };
    }

    private static void checkLength(Column c, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw ApiError.badRequest("value for column '" + c.name() + "' is longer than " + MAX_VALUE_LENGTH + " characters",
                    c.name(), null);
        }
    }

    /** {@code now-30d} as a PostgreSQL interval to add to now(): {@code -30 days}. */
    private static String relativeInterval(String value) {
        Matcher m = RELATIVE.matcher(value);
        if (!m.matches() || m.group(1) == null) {
            return "0";
        }
        String unit = switch (m.group(3)) {
            case "s" -> "seconds";
            case "min" -> "minutes";
            case "h" -> "hours";
            case "d" -> "days";
            case "w" -> "weeks";
            case "mon" -> "months";
            default -> "years";
        };
        return m.group(1) + m.group(2) + " " + unit;
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
            throw ApiError.badRequest("unterminated quote in the list of '" + param + "'", param, "close the \" quote");
        }
        if (!text.isEmpty()) {
            values.add(current.toString());
        }
        return values;
    }

    private static Column column(ServedView view, String name, String param) {
        return view.column(name).orElseThrow(() -> ApiError.badRequest("unknown column '" + shorten(name) + "'", param,
                "columns of " + view.runtime().name() + ": " + String.join(", ", view.columns().stream().map(Column::name).toList())));
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
        throw ApiError.badRequest(param + " must be a whole number from " + min + " to " + max + ", got '" + shorten(value) + "'",
                param, hint);
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    /** The query in one canonical spelling: equal requests share a cache entry whatever their parameter order. */
    String cacheKey() {
        StringBuilder sb = new StringBuilder();
        sb.append(format).append('|');
        select.forEach(c -> sb.append(c.name()).append(','));
        sb.append('|');
        filters.stream().map(Filter::canonical).sorted(Comparator.naturalOrder()).forEach(f -> sb.append(f).append('&'));
        sb.append('|');
        order.forEach(o -> sb.append(o.sql()).append(','));
        sb.append('|').append(limit).append('|').append(offset);
        return sb.toString();
    }

    /** The SELECT and its bind values. Identifiers come from the catalog; values are all parameters. */
    Sql sql(ServedView view) {
        List<String> params = new ArrayList<>();
        StringBuilder sb = new StringBuilder("SELECT ");
        sb.append(String.join(", ", select.stream().map(c -> quote(c.name())).toList()));
        sb.append(" FROM ").append(view.runtime().name().sql());
        if (!filters.isEmpty()) {
            sb.append(" WHERE ");
            List<String> conditions = new ArrayList<>();
            for (Filter f : filters) {
                conditions.add(condition(f, params));
            }
            sb.append(String.join(" AND ", conditions));
        }
        if (!order.isEmpty()) {
            sb.append(" ORDER BY ").append(String.join(", ", order.stream().map(Order::sql).toList()));
        }
        sb.append(" LIMIT ").append(limit).append(" OFFSET ").append(offset);
        return new Sql(sb.toString(), List.copyOf(params));
    }

    record Sql(String text, List<String> params) {
    }

    private static String condition(Filter f, List<String> params) {
        String col = quote(f.column().name());
        String cast = "::" + f.column().baseType();
        String c = switch (f.operator()) {
            case "is" -> col + (f.values().get(0).equals("null") ? " IS NULL" : " IS " + f.values().get(0).toUpperCase(Locale.ROOT));
            case "in" -> {
                List<String> marks = new ArrayList<>();
                for (String v : f.values()) {
                    params.add(v);
                    marks.add("?" + cast);
                }
                yield col + " IN (" + String.join(", ", marks) + ")";
            }
            case "like", "ilike" -> {
                params.add(f.values().get(0));
                yield col + (f.operator().equals("like") ? " LIKE ?" : " ILIKE ?");
            }
            default -> {
                params.add(f.values().get(0));
                String value = f.relative() ? (f.column().category() == Category.DATE
                        ? "(now() + ?::interval)::date" : "(now() + ?::interval)" + cast) : "?" + cast;
                yield col + " " + switch (f.operator()) {
                    case "eq" -> "=";
                    case "neq" -> "<>";
                    case "gt" -> ">";
                    case "gte" -> ">=";
                    case "lt" -> "<";
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
