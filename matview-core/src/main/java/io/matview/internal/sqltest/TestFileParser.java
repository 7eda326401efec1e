package io.matview.internal.sqltest;

import io.matview.internal.sqltest.TestFile.Broken;
import io.matview.internal.sqltest.TestFile.Expectation;
import io.matview.internal.sqltest.TestFile.Query;
import io.matview.internal.sqltest.TestFile.Refresh;
import io.matview.internal.sqltest.TestFile.Step;
import io.matview.internal.view.SqlScript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a SQL test file: statements cut by the core's SQL lexer ({@link SqlScript}), and the
 * directives in the {@code --} comments just before each statement. Anything it cannot read becomes
 * a {@link Broken} step at its line, so that one bad file is one failure, never a crash.
 */
final class TestFileParser {
    private static final Set<String> PGTAP_CALLS = Set.of("plan", "no_plan", "finish");
    private static final Set<String> TRANSACTION_CONTROL = Set.of("begin", "start", "commit", "end", "rollback", "abort");
    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");
    private static final Pattern REFRESH = Pattern.compile(
            "(?is)refresh\\s+materialized\\s+view\\s+(concurrently\\s+)?(.+?)(\\s+with\\s+(no\\s+)?data)?");
    private static final String FORMS = "write '-- expect: VALUE', '-- expect rows:' with a table below it, "
            + "'-- expect empty' or '-- expect error: SQLSTATE or message part'";

    private TestFileParser() {
    }

    static TestFile parse(Path file, String text) {
        SqlScript script;
        try {
            script = SqlScript.parse(text);
        } catch (SqlScript.SyntaxError e) {
            return new TestFile(file, List.of(new Broken(e.line(), "the file", "", e.getMessage())), false, false);
        }
        List<Step> steps = new ArrayList<>();
        boolean pgTap = false;
        boolean refreshes = false;
        for (SqlScript.Statement s : script.statements()) {
            Directives d = directives(s.before(), s.beforeLine());
            pgTap |= s.calledFunctions().stream().anyMatch(PGTAP_CALLS::contains);
            if (d.broken != null) {
                steps.add(d.broken.withSql(s.sql(), d.name));
                continue;
            }
            if (s.words().size() >= 3 && s.words().subList(0, 3).equals(List.of("refresh", "materialized", "view"))) {
                Matcher m = REFRESH.matcher(s.sql());
                if (d.expectation != null || !m.matches()) {
                    steps.add(new Broken(s.line(), d.name == null ? "refresh" : d.name, s.sql(), m.matches()
                            ? "a refresh has no result to expect: put the expectation before the query that reads the view"
                            : "cannot read the view name of this refresh: write 'refresh materialized view [concurrently] schema.name'"));
                } else {
                    refreshes = true;
                    steps.add(new Refresh(s.line(), s.sql(), m.group(2).strip(), m.group(1) != null));
                }
                continue;
            }
            if (d.name == null && d.expectation == null && s.words().size() <= 2 && !s.words().isEmpty()
                    && TRANSACTION_CONTROL.contains(s.words().get(0))) {
                continue; // the runner owns the transaction; pgTAP files' BEGIN … ROLLBACK are for psql
            }
            steps.add(new Query(s.line(), d.name, s.sql(), s.orderedAtTopLevel(),
                    d.expectation == null ? new Expectation.Succeeds() : d.expectation));
        }
        Directives trailing = directives(script.after(), script.afterLine());
        if (trailing.broken != null) {
            steps.add(trailing.broken.withSql("", trailing.name));
        } else if (trailing.expectation != null || trailing.name != null) {
            steps.add(new Broken(trailing.line, trailing.name == null ? "expectation" : trailing.name, "",
                    "no query follows this directive: write the query after it, ended by a semicolon"));
        }
        return new TestFile(file, List.copyOf(steps), pgTap, refreshes);
    }

    /** The directives of the comments before one statement. */
    private static final class Directives {
        String name;
        Expectation expectation;
        PendingBroken broken;
        int line;
    }

    /** A directive that cannot be read; it takes the statement it stands before. */
    private record PendingBroken(int line, String message) {
        Broken withSql(String sql, String name) {
            return new Broken(line, name == null ? "expectation" : name, sql, message);
        }
    }

    private static Directives directives(String gap, int firstLine) {
        Directives d = new Directives();
        String[] lines = gap.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = firstLine + i;
            String comment = comment(lines[i]);
            if (comment == null) {
                continue;
            }
            String lower = comment.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("test:")) {
                d.name = comment.substring(5).strip();
                d.line = d.line == 0 ? line : d.line;
                if (d.name.isEmpty()) {
                    d.broken = new PendingBroken(line, "'-- test:' needs a name after the colon");
                }
                continue;
            }
            if (!lower.startsWith("expect")) {
                continue;
            }
            if (d.expectation != null) {
                d.broken = new PendingBroken(line, "a second expectation for the same query: each query has one; "
                        + "write another query for the other expectation");
                continue;
            }
            d.line = d.line == 0 ? line : d.line;
            String rest = comment.substring(6);
            String restLower = rest.toLowerCase(java.util.Locale.ROOT).strip();
            if (rest.startsWith(":")) {
                d.expectation = new Expectation.Scalar(cell(rest.substring(1).strip(), true));
            } else if (restLower.equals("empty")) {
                d.expectation = new Expectation.Empty();
            } else if (restLower.startsWith("error:") || restLower.equals("error")) {
                String what = restLower.equals("error") ? "" : rest.strip().substring(6).strip();
                boolean sqlState = SQLSTATE.matcher(what).matches();
                d.expectation = new Expectation.Error(sqlState ? what : null, sqlState || what.isEmpty() ? null : what);
            } else if (restLower.equals("rows:") || restLower.equals("rows")) {
                List<String> table = new ArrayList<>();
                int j = i + 1;
                for (; j < lines.length; j++) {
                    String row = comment(lines[j]);
                    if (row == null || row.isBlank() || isDirective(row)) {
                        break;
                    }
                    table.add(row);
                }
                Object parsed = table(table, line + 1);
                if (parsed instanceof PendingBroken b) {
                    d.broken = b;
                } else {
                    d.expectation = (Expectation) parsed;
                }
                i = j - 1;
            } else {
                d.broken = new PendingBroken(line, "cannot read the expectation '" + comment.strip() + "': " + FORMS);
            }
        }
        return d;
    }

    private static boolean isDirective(String comment) {
        String lower = comment.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("test:") || lower.startsWith("expect");
    }

    /** The text of a {@code --} comment line without the dashes and the one space after them; null for other lines. */
    private static String comment(String line) {
        String s = line.strip();
        if (!s.startsWith("--")) {
            return null;
        }
        s = s.substring(2);
        return s.startsWith(" ") ? s.substring(1).stripTrailing() : s.stripTrailing();
    }

    /**
     * A header line of column names and rows, cells split at {@code |}; psql's ruler ({@code ---+---})
     * and row count ({@code (2 rows)}) are skipped, so psql's own output can be pasted.
     */
    private static Object table(List<String> lines, int firstLine) {
        List<String> columns = null;
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.matches("[-+|\\s]+") || line.matches("\\(\\d+ rows?\\)")) {
                continue;
            }
            List<String> cells = splitCells(line);
            if (columns == null) {
                columns = cells.stream().map(c -> c == null ? "" : c).toList();
                if (columns.contains("")) {
                    return new PendingBroken(firstLine + i, "the first line under '-- expect rows:' names the columns, and one name is empty: "
                            + "write each column's name, separated by |");
                }
            } else if (cells.size() != columns.size()) {
                return new PendingBroken(firstLine + i, "this row has " + cells.size() + " cells and the header names "
                        + columns.size() + " columns: separate the cells with |; an empty cell is NULL, '' is the empty string");
            } else {
                rows.add(cells);
            }
        }
        if (columns == null) {
            return new PendingBroken(firstLine - 1, "'-- expect rows:' needs a table below it: a line of column names, then one line per row "
                    + "(cells separated by |); for no rows write '-- expect empty'");
        }
        return new Expectation.Rows(columns, rows);
    }

    private static List<String> splitCells(String line) {
        String body = line;
        // a bordered table (| a | b |); without the leading border, a trailing | ends an empty last cell
        if (body.startsWith("|")) {
            body = body.substring(1);
            if (body.endsWith("|") && !body.endsWith("\\|")) {
                body = body.substring(0, body.length() - 1);
            }
        }
        List<String> cells = new ArrayList<>();
        for (String cell : body.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell(cell.strip().replace("\\|", "|"), false));
        }
        return cells;
    }

    /**
     * A written value: {@code 'text'} is the text ({@code ''} inside is one quote), {@code NULL} (any
     * case, unquoted) is SQL NULL, and so is an empty table cell, as psql shows NULL.
     */
    private static String cell(String written, boolean scalar) {
        if (written.length() >= 2 && written.startsWith("'") && written.endsWith("'")) {
            return written.substring(1, written.length() - 1).replace("''", "'");
        }
        if (written.equalsIgnoreCase("null") || !scalar && written.isEmpty()) {
            return null;
        }
        return written;
    }
}
