package io.matview.internal.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A SQL script (as psql runs it) cut into statements at the semicolons {@link SqlLexer} finds outside
 * strings, quoted names and comments, each with the comments written before it: what SQL test files
 * are read with. Lines that start a statement with a backslash are psql meta-commands
 * ({@code \set QUIET 1}) and are left out.
 */
public final class SqlScript {

    /**
     * One statement of a script.
     *
     * @param sql the statement as written, without its semicolon
     * @param line the line it starts on (1-based)
     * @param before the text between the previous statement and this one: whitespace and comments
     * @param beforeLine the line {@code before} starts on
     * @param words the statement's unquoted words up to its first parenthesis, folded to lower case
     *     ({@code refresh materialized view concurrently …}), for telling statement kinds apart
     * @param orderedAtTopLevel whether the statement has an {@code ORDER BY} outside parentheses: its
     *     rows come in a defined order
     * @param calledFunctions the names called anywhere in it ({@code name(}), folded to lower case
     */
    public record Statement(String sql, int line, String before, int beforeLine, List<String> words,
            boolean orderedAtTopLevel, Set<String> calledFunctions) {
    }

    /** A script that cannot be cut into statements: a string, quoted name or comment is never closed. */
    public static final class SyntaxError extends RuntimeException {
        private final int line;

        SyntaxError(String message, int line) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private final List<Statement> statements;
    private final String after;
    private final int afterLine;

    private SqlScript(List<Statement> statements, String after, int afterLine) {
        this.statements = statements;
        this.after = after;
        this.afterLine = afterLine;
    }

    public List<Statement> statements() {
        return statements;
    }

    /** The comments after the last statement. */
    public String after() {
        return after;
    }

    public int afterLine() {
        return afterLine;
    }

    /** @throws SyntaxError when a string, quoted name, dollar quote or comment is never closed */
    public static SqlScript parse(String text) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(text);
        } catch (SqlSyntaxException e) {
            throw new SyntaxError(e.getMessage(), lineOf(text, e.offset()));
        }
        List<Statement> statements = new ArrayList<>();
        int gapStart = 0;
        int i = 0;
        while (i < tokens.size()) {
            Token first = tokens.get(i);
            if (first.isSymbol("\\")) {
                // a psql meta-command runs to the end of its line
                int eol = endOfLine(text, first.start());
                while (i < tokens.size() && tokens.get(i).start() < eol) {
                    i++;
                }
                gapStart = eol;
                continue;
            }
            if (first.isSymbol(";")) {
                i++;
                gapStart = first.end();
                continue;
            }
            int j = i;
            int depth = 0;
            boolean ordered = false;
            boolean inWords = true;
            List<String> words = new ArrayList<>();
            Set<String> called = new TreeSet<>();
            while (j < tokens.size() && !tokens.get(j).isSymbol(";")) {
                Token t = tokens.get(j);
                Token next = j + 1 < tokens.size() ? tokens.get(j + 1) : null;
                if (t.isSymbol("(")) {
                    depth++;
                    inWords = false;
                } else if (t.isSymbol(")")) {
                    depth--;
                } else if (t.kind() == Token.Kind.IDENTIFIER) {
                    if (inWords) {
                        words.add(t.value());
                    }
                    if (depth == 0 && t.isWord("order") && next != null && next.isWord("by")) {
                        ordered = true;
                    }
                } else if (!t.isName()) {
                    inWords = false;
                }
                if (t.isName() && next != null && next.isSymbol("(")) {
                    called.add(t.value());
                }
                j++;
            }
            Token last = tokens.get(j - 1);
            statements.add(new Statement(text.substring(first.start(), last.end()), lineOf(text, first.start()),
                    text.substring(gapStart, first.start()), lineOf(text, gapStart), List.copyOf(words), ordered, called));
            gapStart = last.end();
            i = j;
        }
        return new SqlScript(List.copyOf(statements), text.substring(gapStart), lineOf(text, gapStart));
    }

    private static int endOfLine(String text, int from) {
        int p = from;
        while (p < text.length() && text.charAt(p) != '\n') {
            p++;
        }
        return p;
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int k = 0; k < offset && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }
}
