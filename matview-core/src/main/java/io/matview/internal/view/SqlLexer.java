package io.matview.internal.view;

import io.matview.internal.view.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts PostgreSQL SQL into tokens, following PostgreSQL's own lexer ({@code scan.l}) wherever it decides
 * where a token starts and ends: quoting, escapes, dollar quotes, nested comments, string continuation.
 * That is what lets a caller look for names without being fooled by text inside strings or comments.
 *
 * <p>It does not interpret more than that: key words stay identifiers, operators are cut into single
 * chars (only {@code ::} is kept whole), and strings keep their escapes as written.
 */
final class SqlLexer {
    private final String sql;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /**
     * The tokens of {@code sql} in text order; comments and whitespace produce none.
     *
     * @throws SqlSyntaxException if a string, quoted identifier, dollar quote or comment is never closed
     */
    static List<Token> tokenize(String sql) {
        return new SqlLexer(sql).tokens();
    }

    /** PostgreSQL's identifier chars; every non-ASCII char counts as a letter, as in {@code scan.l}. */
    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** PostgreSQL folds only ASCII letters in a UTF-8 database: {@code Über} stays {@code Über}. */
    private static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        skipSpaceAndComments();
        while (pos < sql.length()) {
            tokens.add(next());
            skipSpaceAndComments();
        }
        return tokens;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private Token next() {
        int start = pos;
        char c = peek(0);
        if (c == '\'') {
            return string(start, false);
        }
        if (c == '"') {
            return quotedIdentifier(start);
        }
        if (isIdentifierStart(c)) {
            return word(start);
        }
        if (c == '$') {
            return dollar(start);
        }
        if (isDigit(c) || c == '.' && isDigit(peek(1))) {
            return number(start);
        }
        pos += c == ':' && peek(1) == ':' ? 2 : 1;
        return token(Kind.OPERATOR, start);
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, sql.substring(start, pos), null, start, pos);
    }

    /** An identifier, or the prefix of E'…', B'…', X'…', N'…', U&'…' or U&"…" (the longest match wins). */
    private Token word(int start) {
        char c = toLowerAscii(peek(0));
        if (peek(1) == '\'' && (c == 'e' || c == 'b' || c == 'x' || c == 'n')) {
            pos++;
            return string(start, c == 'e');
        }
        if (c == 'u' && peek(1) == '&' && peek(2) == '\'') {
            pos += 2;
            return string(start, false);
        }
        if (c == 'u' && peek(1) == '&' && peek(2) == '"') {
            pos += 2;
            return quotedIdentifier(start);
        }
        StringBuilder folded = new StringBuilder();
        while (pos < sql.length() && isIdentifierPart(peek(0))) {
            folded.append(toLowerAscii(sql.charAt(pos++)));
        }
        return new Token(Kind.IDENTIFIER, sql.substring(start, pos), folded.toString(), start, pos);
    }

    /** Reads from the opening quote at {@code pos}; {@code start} is where the token (with any prefix) begins. */
    private Token string(int start, boolean backslashEscapes) {
        do {
            skipQuoted('\'', backslashEscapes, start, "quoted string");
        } while (continuesOnNextLine());
        return token(Kind.STRING, start);
    }

    /**
     * Standard SQL joins {@code 'a'} and {@code 'b'} into one string when only whitespace holding a newline
     * (and {@code --} comments) separates them, and an E-string keeps its backslash escapes in the second
     * part, so the second part must be read as a continuation, not as a new string.
     */
    private boolean continuesOnNextLine() {
        int p = pos;
        boolean newline = false;
        while (p < sql.length()) {
            char c = sql.charAt(p);
            if (isSpace(c)) {
                newline |= c == '\n' || c == '\r';
                p++;
            } else if (sql.startsWith("--", p)) {
                p = endOfLine(p);
            } else {
                break;
            }
        }
        if (newline && p < sql.length() && sql.charAt(p) == '\'') {
            pos = p;
            return true;
        }
        return false;
    }

    private Token quotedIdentifier(int start) {
        int bodyStart = pos + 1;
        skipQuoted('"', false, start, "quoted identifier");
        String name = sql.substring(bodyStart, pos - 1).replace("\"\"", "\"");
        if (name.isEmpty()) {
            throw new SqlSyntaxException("zero-length quoted identifier \"\": a name needs at least one char", start);
        }
        return new Token(Kind.QUOTED_IDENTIFIER, sql.substring(start, pos), name, start, pos);
    }

    /** Moves past the quoted text that opens at {@code pos}; a doubled quote stands for one quote char. */
    private void skipQuoted(char quote, boolean backslashEscapes, int start, String what) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (backslashEscapes && c == '\\') {
                pos++;
            } else if (c == quote) {
                if (peek(0) != quote) {
                    return;
                }
                pos++;
            }
        }
        throw new SqlSyntaxException("unterminated " + what + ": it starts here and is never closed by a matching "
                + quote, start);
    }

    /** A dollar quote ({@code $$…$$}, {@code $tag$…$tag$}), a parameter ({@code $1}) or a lone {@code $}. */
    private Token dollar(int start) {
        if (isDigit(peek(1))) {
            pos++;
            while (isDigit(peek(0))) {
                pos++;
            }
            return token(Kind.PARAMETER, start);
        }
        int tagEnd = pos + 1;
        if (isIdentifierStart(peek(1))) {
            while (tagEnd < sql.length() && isIdentifierPart(sql.charAt(tagEnd)) && sql.charAt(tagEnd) != '$') {
                tagEnd++;
            }
        }
        if (tagEnd == sql.length() || sql.charAt(tagEnd) != '$') {
            pos++;
            return token(Kind.OPERATOR, start);
        }
        String delimiter = sql.substring(start, tagEnd + 1);
        int close = sql.indexOf(delimiter, tagEnd + 1);
        if (close < 0) {
            throw new SqlSyntaxException("unterminated dollar-quoted string " + delimiter
                    + ": it starts here and is never closed by a matching " + delimiter, start);
        }
        pos = close + delimiter.length();
        return token(Kind.DOLLAR_STRING, start);
    }

    /** {@code 42}, {@code 1_000}, {@code 3.14}, {@code .5}, {@code 1e-3}. */
    private Token number(int start) {
        skipDigits();
        if (peek(0) == '.' && peek(1) != '.') {
            pos++;
            skipDigits();
        }
        char e = toLowerAscii(peek(0));
        if (e == 'e' && (isDigit(peek(1)) || (peek(1) == '+' || peek(1) == '-') && isDigit(peek(2)))) {
            pos += 2;
            skipDigits();
        }
        return token(Kind.NUMBER, start);
    }

    private void skipDigits() {
        while (isDigit(peek(0)) || peek(0) == '_') {
            pos++;
        }
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            if (isSpace(peek(0))) {
                pos++;
            } else if (sql.startsWith("--", pos)) {
                pos = endOfLine(pos);
            } else if (sql.startsWith("/*", pos)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private int endOfLine(int from) {
        int p = from;
        while (p < sql.length() && sql.charAt(p) != '\n' && sql.charAt(p) != '\r') {
            p++;
        }
        return p;
    }

    /** Unlike C and Java, PostgreSQL nests block comments: one ends only when each /* in it is closed. */
    private void skipBlockComment() {
        int start = pos;
        int depth = 0;
        boolean nested = false;
        do {
            if (pos >= sql.length()) {
                throw new SqlSyntaxException("unterminated /* comment: it starts here and is never closed by */"
                        + (nested ? " (block comments nest: each /* inside it needs its own */)" : ""), start);
            }
            if (sql.startsWith("/*", pos)) {
                nested |= depth > 0;
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
            } else {
                pos++;
            }
        } while (depth > 0);
    }
}
