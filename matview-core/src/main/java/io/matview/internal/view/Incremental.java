package io.matview.internal.view;

import io.matview.view.Durations;
import io.matview.view.QualifiedName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code incremental:} directive of a view file, checked against its query: which output column is the
 * time bucket, which source column it is computed from, how many buckets back each refresh recomputes.
 *
 * @param bucketColumn the output column holding the bucket (a date or timestamp: the start of its bucket)
 * @param source the table whose rows fall into buckets
 * @param sourceColumn its timestamp or date column the bucket is computed from
 * @param window how far back from now each incremental refresh recomputes
 * @param timeZone the session time zone of every refresh (a bucket such as {@code created_at::date} depends on it)
 * @param realTime whether reads compute the buckets from the watermark on live
 * @param tracked whether triggers on the source record late changes (outside the window)
 * @param bucketExpression the bucket column's expression in the select list, as written
 * @param qualifier the table alias the expression qualifies the source column with, or {@code null}
 * @param windowedQuery the query with its one read of the source replaced by a subquery filtered by
 *     {@link #RANGE} (to be replaced by a predicate on the source column), so that PostgreSQL can scan
 *     only the rows of the recomputed buckets
 */
public record Incremental(String bucketColumn, QualifiedName source, String sourceColumn, Duration window,
                          String timeZone, boolean realTime, boolean tracked, String bucketExpression, String qualifier,
                          String windowedQuery) {
    /** Stands for the range predicate on the source column in {@link #windowedQuery}. */
    public static final String RANGE = "matview_source_range";

    private static final Pattern HEAD = Pattern.compile(
            "(?i)by\\s+(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)\\s+from\\s+(\\S+)");
    private static final Set<String> NOT_AN_ALIAS = Set.of("where", "join", "left", "right", "inner", "full", "cross",
            "natural", "group", "order", "on", "using", "having", "window", "limit", "offset", "union", "intersect",
            "except", "fetch", "for", "tablesample", "lateral");

    /** The directive as the catalog stores it and the definition hash counts it. */
    public String canonical() {
        return "by " + QualifiedName.quoteIdentifier(bucketColumn) + " from " + source.sql() + "."
                + QualifiedName.quoteIdentifier(sourceColumn) + ", window " + Durations.format(window)
                + ", time zone " + timeZone + (realTime ? ", real-time" : "") + (tracked ? "" : ", untracked");
    }

    /** Why a value or query is not windowable; the parser turns it into an error at the directive's line. */
    static final class Rejected extends RuntimeException {
        final String hint;

        Rejected(String what, String hint) {
            super(what);
            this.hint = hint;
        }
    }

    /**
     * Parses {@code by BUCKET from [SCHEMA.]TABLE.COLUMN, window DURATION [, real-time] [, time zone ZONE]
     * [, untracked]} and checks that {@code query} can be recomputed bucket by bucket.
     */
    static Incremental parse(String value, String query, String defaultSchema) {
        List<String> parts = new ArrayList<>();
        for (String p : value.split(",")) {
            parts.add(p.strip());
        }
        Matcher head = HEAD.matcher(parts.get(0));
        if (!head.matches()) {
            throw new Rejected("incremental: '" + parts.get(0) + "' does not say which column is the bucket",
                    "write: -- incremental: by day from orders.created_at, window 2 days");
        }
        String bucket = identifier(head.group(1));
        List<String> dotted = List.of(head.group(2).split("\\."));
        if (dotted.size() < 2 || dotted.size() > 3) {
            throw new Rejected("incremental: '" + head.group(2) + "' is not a table's column",
                    "name the source column with its table: orders.created_at or sales.orders.created_at");
        }
        QualifiedName source = dotted.size() == 2 ? new QualifiedName(defaultSchema, identifier(dotted.get(0)))
                : new QualifiedName(identifier(dotted.get(0)), identifier(dotted.get(1)));
        String column = identifier(dotted.get(dotted.size() - 1));
        Duration window = null;
        String zone = "UTC";
        boolean realTime = false;
        boolean tracked = true;
        for (String part : parts.subList(1, parts.size())) {
            String lower = part.toLowerCase(Locale.ROOT);
            if (lower.startsWith("window ")) {
                try {
                    window = Durations.parse(part.substring(7).strip());
                } catch (IllegalArgumentException e) {
                    throw new Rejected("incremental: bad window: " + e.getMessage(), "for example: window 2 days");
                }
            } else if (lower.startsWith("time zone ")) {
                zone = part.substring(10).strip();
                if (!zone.matches("[A-Za-z0-9_+:/-]+")) {
                    throw new Rejected("incremental: bad time zone '" + zone + "'", "a zone name such as UTC or Europe/Paris");
                }
            } else if (lower.equals("real-time")) {
                realTime = true;
            } else if (lower.equals("untracked")) {
                tracked = false;
            } else {
                throw new Rejected("incremental: unknown option '" + part + "'",
                        "options: window DURATION, real-time, time zone ZONE, untracked");
            }
        }
        if (window == null) {
            throw new Rejected("incremental: no window", "say how far back each refresh recomputes: window 2 days");
        }
        return QueryShape.check(query, defaultSchema, bucket, source, column, window, zone, realTime, tracked);
    }

    private static String identifier(String text) {
        return text.startsWith("\"") ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
                : text.toLowerCase(Locale.ROOT);
    }

    /** What the query must look like for its buckets to be recomputed one range at a time. */
    private static final class QueryShape {
        private final List<Token> tokens;
        private final int[] depth;

        private QueryShape(String query) {
            this.tokens = SqlLexer.tokenize(query);
            this.depth = new int[tokens.size()];
            int d = 0;
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).isSymbol(")")) {
                    d--;
                }
                depth[i] = d;
                if (tokens.get(i).isSymbol("(")) {
                    d++;
                }
            }
        }

        static Incremental check(String query, String defaultSchema, String bucket, QualifiedName source, String column,
                                 Duration window, String zone, boolean realTime, boolean tracked) {
            QueryShape q = new QueryShape(query);
            for (int i = 0; i < q.tokens.size(); i++) {
                Token t = q.tokens.get(i);
                if (t.isWord("over") && q.at(i + 1).isSymbol("(") || t.isWord("over") && q.at(i + 1).isName()) {
                    throw new Rejected("the query uses a window function (OVER), which can read rows of other buckets",
                            "compute it in a view that reads this one, or drop the incremental directive");
                }
                if (q.depth[i] == 0 && (t.isWord("limit") || t.isWord("offset") || t.isWord("fetch"))) {
                    throw new Rejected("the query has " + t.value().toUpperCase(Locale.ROOT)
                            + ": which rows it keeps depends on the whole result, not on one bucket", "remove it");
                }
                if (q.depth[i] == 0 && (t.isWord("union") || t.isWord("intersect") || t.isWord("except"))) {
                    throw new Rejected("the query is a set operation (" + t.value().toUpperCase(Locale.ROOT)
                            + ") at its top level", "group one SELECT by the bucket, or make the union a view it reads");
                }
            }
            int select = q.lastTopLevel("select");
            int from = q.nextTopLevel(select, "from");
            if (select < 0 || from < 0) {
                throw new Rejected("the query has no top-level SELECT … FROM", "an incremental view aggregates a table");
            }
            List<int[]> items = q.split(select + 1, from);
            int position = 0;
            int[] bucketItem = null;
            for (int k = 0; k < items.size(); k++) {
                if (bucket.equals(q.outputName(items.get(k)))) {
                    bucketItem = items.get(k);
                    position = k + 1;
                }
            }
            if (bucketItem == null) {
                throw new Rejected("'" + bucket + "' is not an output column of the query",
                        "name the select-list column that holds the bucket, e.g. created_at::date as day");
            }
            int[] expression = q.withoutAlias(bucketItem);
            String qualifier = q.sourceQualifier(expression, column);
            int groupBy = q.nextTopLevel(from, "group");
            if (groupBy < 0 || !q.at(groupBy + 1).isWord("by")) {
                throw new Rejected("the query has no GROUP BY: Matview can only window a query that groups by its bucket",
                        "group by " + bucket);
            }
            int groupEnd = q.endOfClause(groupBy + 2);
            boolean grouped = false;
            for (int[] g : q.split(groupBy + 2, groupEnd)) {
                String text = q.text(g);
                grouped |= text.equals(QualifiedName.quoteIdentifier(bucket)) || text.equals(bucket)
                        || text.equals(String.valueOf(position)) || text.equals(q.text(expression));
            }
            if (!grouped) {
                throw new Rejected("the query does not group by its bucket column '" + bucket + "'",
                        "add " + bucket + " (or its expression) to the top-level GROUP BY");
            }
            List<Reference> reads = new ArrayList<>();
            for (Reference r : ReferenceFinder.find(query, defaultSchema, Set.of(source))) {
                int i = q.indexAt(r.start());
                if (q.at(i - 1).isWord("from") || q.at(i - 1).isWord("join") || q.at(i - 1).isSymbol(",")) {
                    reads.add(r);
                }
            }
            if (reads.size() != 1) {
                throw new Rejected("the query reads " + source + " " + (reads.isEmpty() ? "nowhere" : reads.size()
                        + " times") + "; Matview windows exactly one read of the source table",
                        "name the table the bucket is computed from in the directive");
            }
            String windowed = q.windowed(query, reads.get(0), source);
            return new Incremental(bucket, source, column, window, zone, realTime, tracked, q.text(query, expression),
                    qualifier, windowed);
        }

        private Token at(int i) {
            return i >= 0 && i < tokens.size() ? tokens.get(i) : new Token(Token.Kind.OPERATOR, "", null, -1, -1);
        }

        private int lastTopLevel(String word) {
            for (int i = tokens.size() - 1; i >= 0; i--) {
                if (depth[i] == 0 && tokens.get(i).isWord(word)) {
                    return i;
                }
            }
            return -1;
        }

        private int nextTopLevel(int from, String word) {
            for (int i = Math.max(from, 0); i < tokens.size(); i++) {
                if (depth[i] == 0 && tokens.get(i).isWord(word)) {
                    return i;
                }
            }
            return -1;
        }

        private int endOfClause(int from) {
            for (int i = from; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (depth[i] == 0 && (t.isWord("having") || t.isWord("order") || t.isWord("window") || t.isSymbol(";"))) {
                    return i;
                }
            }
            return tokens.size();
        }

        /** The comma-separated parts of tokens [from, to), each as [first, end). */
        private List<int[]> split(int from, int to) {
            List<int[]> parts = new ArrayList<>();
            int start = from;
            for (int i = from; i < to; i++) {
                if (depth[i] == 0 && tokens.get(i).isSymbol(",")) {
                    parts.add(new int[] {start, i});
                    start = i + 1;
                }
            }
            parts.add(new int[] {start, to});
            return parts;
        }

        /** The name PostgreSQL gives a select-list item: its alias, or the column it names. */
        private String outputName(int[] item) {
            Token last = at(item[1] - 1);
            return last.isName() && !at(item[1] - 2).isSymbol("::") ? last.value() : null;
        }

        private int[] withoutAlias(int[] item) {
            if (item[1] - item[0] >= 3 && at(item[1] - 2).isWord("as")) {
                return new int[] {item[0], item[1] - 2};
            }
            if (item[1] - item[0] >= 2 && at(item[1] - 1).isName() && !at(item[1] - 2).isSymbol(".")
                    && !at(item[1] - 2).isSymbol("::")) {
                return new int[] {item[0], item[1] - 1};
            }
            return item;
        }

        /** The alias the bucket expression qualifies the source column with ({@code o} in {@code o.created_at}). */
        private String sourceQualifier(int[] expression, String column) {
            for (int i = expression[0]; i < expression[1]; i++) {
                if (!tokens.get(i).isName() || !column.equals(tokens.get(i).value())
                        || at(i + 1).isSymbol("(")) {
                    continue;
                }
                if (!at(i - 1).isSymbol(".")) {
                    return null;
                }
                if (at(i - 3).isSymbol(".")) {
                    throw new Rejected("the bucket expression names the source column with its schema",
                            "use the table's alias: o.created_at");
                }
                return at(i - 2).value();
            }
            throw new Rejected("the bucket column's expression does not read the source column " + column,
                    "compute the bucket from it, e.g. " + column + "::date");
        }

        private String text(int[] part) {
            StringBuilder sb = new StringBuilder();
            for (int i = part[0]; i < part[1]; i++) {
                sb.append(i > part[0] ? " " : "").append(tokens.get(i).isName() ? tokens.get(i).value() : tokens.get(i).text());
            }
            return sb.toString();
        }

        private String text(String query, int[] part) {
            return query.substring(tokens.get(part[0]).start(), tokens.get(part[1] - 1).end());
        }

        private int indexAt(int offset) {
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).start() == offset) {
                    return i;
                }
            }
            return -1;
        }

        private String windowed(String query, Reference read, QualifiedName source) {
            int next = indexAt(read.end()) < 0 ? nextIndexAfter(read.end()) : indexAt(read.end());
            Token after = at(next);
            boolean aliased = after.isWord("as") || after.kind() == Token.Kind.QUOTED_IDENTIFIER
                    || after.kind() == Token.Kind.IDENTIFIER && !NOT_AN_ALIAS.contains(after.value());
            return query.substring(0, read.start()) + "(select * from " + source.sql() + " where " + RANGE + ")"
                    + (aliased ? "" : " as " + QualifiedName.quoteIdentifier(source.name())) + query.substring(read.end());
        }

        private int nextIndexAfter(int offset) {
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).start() >= offset) {
                    return i;
                }
            }
            return tokens.size();
        }
    }
}
