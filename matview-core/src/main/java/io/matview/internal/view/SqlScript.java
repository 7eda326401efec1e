package io.matview.internal.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A script of several SQL statements (a table migration) cut into its statements, each with the line
 * it starts on, so that an error PostgreSQL reports in one statement can name the line of the file.
 * Cut where PostgreSQL's own lexer sees a {@code ;}: not inside strings, quoted names, dollar quotes or
 * comments, nor inside a {@code BEGIN ATOMIC … END} function body (as psql does).
 */
public final class SqlScript {

    /**
     * One statement of a script.
     *
     * @param sql its text, without the {@code ;}
     * @param offset where it starts in the script
     * @param line the script's line it starts on, from 1
     * @param firstWord its first word, lower case ({@code alter}, {@code commit}, …)
     */
    public record Statement(String sql, int offset, int line, String firstWord) {
        /** The script's line at {@code position} (PostgreSQL's error position: 1-based, in chars) of this statement. */
        public int lineAt(int position) {
            int end = Math.min(sql.length(), Math.max(0, position - 1));
            return line + (int) sql.substring(0, end).chars().filter(ch -> ch == '\n').count();
        }
    }

    private SqlScript() {
    }

    /**
     * The statements of {@code script}, empty ones left out.
     *
     * @throws IllegalArgumentException naming the line when a string, quoted name, dollar quote or comment is never closed
     */
    public static List<Statement> split(String script) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(script);
        } catch (SqlSyntaxException e) {
            throw new IllegalArgumentException("line " + lineOf(script, e.offset()) + ": " + e.getMessage(), e);
        }
        List<Statement> result = new ArrayList<>();
        int start = -1;
        int depth = 0;
        Token previous = null;
        for (Token t : tokens) {
            if (t.isSymbol(";") && depth == 0) {
                if (start >= 0) {
                    result.add(statement(script, tokens, start, t.start()));
                }
                start = -1;
                previous = t;
                continue;
            }
            if (start < 0) {
                start = t.start();
            }
            if (t.isWord("atomic") && previous != null && previous.isWord("begin")) {
                depth++;
            } else if (depth > 0 && t.isWord("case")) {
                depth++;
            } else if (depth > 0 && t.isWord("end")) {
                depth--;
            }
            previous = t;
        }
        if (start >= 0) {
            result.add(statement(script, tokens, start, script.length()));
        }
        return result;
    }

    private static Statement statement(String script, List<Token> tokens, int start, int end) {
        String first = tokens.stream().filter(t -> t.start() == start).findFirst()
                .map(t -> t.value() == null ? t.text() : t.value()).orElse("").toLowerCase(Locale.ROOT);
        return new Statement(script.substring(start, end).stripTrailing(), start, lineOf(script, start), first);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
