package io.matview.internal.view;

import io.matview.view.Durations;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import io.matview.view.ViewFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one view file: the directive header, then the query. */
final class ViewFileParser {
    /** {@code -- word} or {@code -- word: value}; any other comment line in the header is free text. */
    private static final Pattern DIRECTIVE = Pattern.compile("--\\s*([A-Za-z][A-Za-z_-]*)\\s*(?::(.*))?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*|\"(?:[^\"]|\"\")+\"");
    static final List<String> DIRECTIVES =
            List.of("materialized", "incremental", "unique", "index", "refresh", "timeout", "description", "depends");

    private final Path file;
    private final String text;
    private final String defaultSchema;

    private ViewFileParser(Path file, String text, String defaultSchema) {
        this.file = file;
        this.text = text;
        this.defaultSchema = defaultSchema;
    }

    static ViewDefinition parse(Path file, String text, QualifiedName name, String defaultSchema) {
        return new ViewFileParser(file, text, defaultSchema).parse(name);
    }

    private ViewDefinition parse(QualifiedName name) {
        Kind kind = Kind.VIEW;
        List<String> unique = List.of();
        List<IndexDefinition> indexes = new ArrayList<>();
        RefreshPolicy refresh = null;
        java.time.Duration timeout = null;
        List<String> description = new ArrayList<>();
        Set<QualifiedName> depends = new LinkedHashSet<>();
        Map<String, Integer> lines = new TreeMap<>();
        String incremental = null;

        int offset = 0;
        int lineNo = 0;
        while (offset < text.length()) {
            int eol = text.indexOf('\n', offset);
            int next = eol < 0 ? text.length() : eol + 1;
            String line = text.substring(offset, eol < 0 ? text.length() : eol).strip();
            lineNo++;
            if (!line.isEmpty() && !line.startsWith("--")) {
                break;
            }
            offset = next;
            Matcher m = DIRECTIVE.matcher(line);
            if (line.isEmpty() || !m.matches()) {
                continue;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2) == null ? null : m.group(2).strip();
            if (!DIRECTIVES.contains(key)) {
                if (value == null && !looksLikeTypo(key)) {
                    continue; // a one-word comment such as "-- Overview"
                }
                throw error(lineNo, "unknown directive '" + key + "'", didYouMean(key));
            }
            if (lines.containsKey(key) && !key.equals("index") && !key.equals("description")) {
                throw error(lineNo, "directive '" + key + "' given twice (first on line " + lines.get(key) + ")",
                        "keep one; only index: and description: may repeat");
            }
            lines.putIfAbsent(key, lineNo);
            switch (key) {
                case "materialized" -> {
                    if (value != null && !value.isEmpty()) {
                        throw error(lineNo, "directive 'materialized' takes no value", "write just '-- materialized'");
                    }
                    kind = Kind.MATERIALIZED_VIEW;
                }
                case "incremental" -> incremental = required(lineNo, key, value,
                        "incremental: by day from orders.created_at, window 2 days");
                case "unique" -> unique = parseUnique(lineNo, required(lineNo, key, value, "unique: plan_id"));
                case "index" -> indexes.add(parseIndex(lineNo, required(lineNo, key, value, "index: region, day desc")));
                case "refresh" -> {
                    try {
                        refresh = RefreshPolicy.parse(required(lineNo, key, value, "refresh: every 5 minutes"));
                    } catch (IllegalArgumentException e) {
                        throw error(lineNo, "bad refresh policy: " + e.getMessage(), null);
                    }
                }
                case "timeout" -> {
                    try {
                        timeout = Durations.parse(required(lineNo, key, value, "timeout: 10 minutes"));
                    } catch (IllegalArgumentException e) {
                        throw error(lineNo, "bad timeout: " + e.getMessage(), null);
                    }
                }
                case "description" -> description.add(required(lineNo, key, value, "description: Revenue per day"));
                case "depends" -> {
                    for (String part : splitList(required(lineNo, key, value, "depends: reporting.daily_revenue"))) {
                        if (!QUALIFIED.matcher(part).matches()) {
                            throw error(lineNo, "depends: '" + part + "' is not a view name",
                                    "list view names separated by commas: depends: a, reporting.b");
                        }
                        depends.add(QualifiedName.parse(part, defaultSchema));
                    }
                }
                default -> throw new IllegalStateException(key);
            }
        }

        String query = withoutFinalSemicolon(text.substring(Math.min(offset, text.length())));
        if (query.isBlank()) {
            throw error(0, "the file holds no query", "write a SELECT (or WITH … SELECT) below the directives");
        }
        int queryOffset = offset + leadingWhitespace(text.substring(offset));
        query = query.strip();
        ViewSource source = new ViewSource(file, text, queryOffset);
        checkQueryShape(query, source);
        Incremental windowed = null;
        if (incremental != null) {
            int line = lines.get("incremental");
            if (kind == Kind.MATERIALIZED_VIEW) {
                throw error(line, "a view is either materialized or incremental, not both",
                        "keep '-- incremental:' (Matview keeps its rows in a table) and remove '-- materialized'");
            }
            try {
                windowed = Incremental.parse(incremental, query, defaultSchema);
            } catch (Incremental.Rejected e) {
                throw error(line, "cannot be refreshed incrementally: " + e.getMessage(), e.hint);
            } catch (SqlSyntaxException e) {
                throw error(source.lineOfQueryOffset(e.offset()), e.getMessage(), null);
            }
            kind = windowed.realTime() ? Kind.REAL_TIME_VIEW : Kind.INCREMENTAL_VIEW;
        }
        if (kind == Kind.VIEW) {
            for (String materializedOnly : List.of("unique", "index", "refresh", "timeout")) {
                if (lines.containsKey(materializedOnly)) {
                    throw error(lines.get(materializedOnly), "directive '" + materializedOnly
                            + "' applies only to a materialized view", "add '-- materialized' to the header, or remove it");
                }
            }
        }
        return new ViewDefinition(name, kind, query, unique, indexes,
                refresh == null ? new RefreshPolicy.Manual() : refresh, timeout,
                description.isEmpty() ? null : String.join("\n", description),
                depends, depends, List.of(), source, lines, windowed);
    }

    private static final Pattern QUALIFIED = Pattern.compile(
            "(?:" + IDENTIFIER.pattern() + ")(?:\\.(?:" + IDENTIFIER.pattern() + "))?", Pattern.CASE_INSENSITIVE);

    private List<String> parseUnique(int lineNo, String value) {
        List<String> columns = splitList(value);
        for (String c : columns) {
            if (!IDENTIFIER.matcher(c).matches() && !IDENTIFIER.matcher(c.toLowerCase(Locale.ROOT)).matches()) {
                throw error(lineNo, "unique: '" + c + "' is not a plain column name",
                        "REFRESH … CONCURRENTLY needs a unique index on plain columns; list columns only, "
                                + "and put an expression index under 'index: unique …'");
            }
        }
        return columns;
    }

    private static final Pattern INDEX = Pattern.compile(
            "(?is)(unique\\s+)?(?:using\\s+([a-z_][a-z0-9_]*)(?:\\s+|(?=\\()))?(.+?)(?:\\s+where\\s+(.+))?");

    private IndexDefinition parseIndex(int lineNo, String value) {
        Matcher m = INDEX.matcher(value);
        if (!m.matches()) {
            throw error(lineNo, "bad index '" + value + "'", "write index: [unique] [using METHOD] KEYS [where PREDICATE]");
        }
        String keys = m.group(3).strip();
        // "(region, day desc)" is a key list in parentheses; "(a + b)" is one expression, which PostgreSQL
        // wants in parentheses, so those stay
        if (keys.startsWith("(") && keys.endsWith(")") && balanced(keys.substring(1, keys.length() - 1))) {
            String inner = keys.substring(1, keys.length() - 1).strip();
            if (hasTopLevelComma(inner) || SIMPLE_KEY.matcher(inner).matches()) {
                keys = inner;
            }
        }
        if (keys.isEmpty()) {
            throw error(lineNo, "index without keys", "write index: column [, column …]");
        }
        return new IndexDefinition(m.group(1) != null, m.group(2) == null ? null : m.group(2).toLowerCase(Locale.ROOT),
                keys, m.group(4) == null ? null : m.group(4).strip(), lineNo);
    }

    private static final Pattern SIMPLE_KEY = Pattern.compile(
            "(?i)(?:[a-z_][a-z0-9_$]*|\"(?:[^\"]|\"\")+\")(?:\\s+(?:asc|desc))?(?:\\s+nulls\\s+(?:first|last))?");

    private static boolean hasTopLevelComma(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private void checkQueryShape(String query, ViewSource source) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(query);
        } catch (SqlSyntaxException e) {
            throw error(source.lineOfQueryOffset(e.offset()), e.getMessage(), null);
        }
        if (tokens.isEmpty()) {
            throw error(0, "the file holds only comments, no query", "write a SELECT below the directives");
        }
        Token first = tokens.get(0);
        String word = first.value() == null ? first.text() : first.value();
        if (word.equalsIgnoreCase("create")) {
            throw error(source.lineOfQueryOffset(first.start()), "the file holds a CREATE statement",
                    "keep only the query (SELECT …): Matview writes the CREATE itself, from the directives");
        }
        if (!List.of("select", "with", "values", "table", "(").contains(word.toLowerCase(Locale.ROOT))) {
            throw error(source.lineOfQueryOffset(first.start()), "the query must start with SELECT, WITH, VALUES or TABLE, "
                    + "found '" + first.text() + "'", null);
        }
        for (Token t : tokens) {
            if (t.text().equals(";") && t != tokens.get(tokens.size() - 1)) {
                throw error(source.lineOfQueryOffset(t.start()), "more than one statement in the file",
                        "a view file holds one query; move the other statement to its own file");
            }
        }
    }

    private String required(int lineNo, String key, String value, String example) {
        if (value == null || value.isEmpty()) {
            throw error(lineNo, "directive '" + key + "' needs a value", "for example: -- " + example);
        }
        return value;
    }

    private static List<String> splitList(String value) {
        List<String> parts = new ArrayList<>();
        for (String p : value.split(",")) {
            if (!p.isBlank()) {
                parts.add(p.strip());
            }
        }
        return parts;
    }

    /** The body up to its final {@code ;} (comments after it go too), or all of it when there is none. */
    private static String withoutFinalSemicolon(String body) {
        try {
            List<Token> tokens = SqlLexer.tokenize(body);
            int end = tokens.size();
            while (end > 0 && tokens.get(end - 1).text().equals(";")) {
                end--;
            }
            if (end < tokens.size()) {
                return body.substring(0, tokens.get(end).start()).stripTrailing();
            }
        } catch (SqlSyntaxException e) {
            // reported with its line by checkQueryShape
        }
        return body.stripTrailing();
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean looksLikeTypo(String key) {
        return DIRECTIVES.stream().anyMatch(d -> distance(d, key) <= 2);
    }

    private static String didYouMean(String key) {
        String best = DIRECTIVES.stream().min(java.util.Comparator.comparingInt(d -> distance(d, key))).orElseThrow();
        String known = "known directives: " + String.join(", ", DIRECTIVES);
        return distance(best, key) <= 3 ? "did you mean '" + best + "'? " + known : known;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private ViewFileException error(int line, String what, String hint) {
        return new ViewFileException(file, line, what, hint);
    }
}
