package io.matview.internal.view;

import io.matview.view.Kind;

/**
 * One token of PostgreSQL SQL, as {@link SqlLexer} cuts it.
 *
 * @param kind what sort of token it is
 * @param text the token exactly as written, prefixes, quotes and escapes included
 * @param value for identifiers the name they denote (unquoted ones folded to lower case, quoted ones
 *     unescaped); {@code null} for every other kind
 * @param start offset of the first char in the SQL text
 * @param end offset just past the last char (exclusive)
 */
record Token(Kind kind, String text, String value, int start, int end) {

    enum Kind {
        /** An unquoted word. Key words are identifiers too: telling them apart needs a parser. */
        IDENTIFIER,
        /** {@code "Foo"} or {@code U&"Foo"}. */
        QUOTED_IDENTIFIER,
        /** {@code '…'} and its prefixed forms {@code E'…'}, {@code B'…'}, {@code X'…'}, {@code N'…'}, {@code U&'…'}. */
        STRING,
        /** {@code $$…$$} or {@code $tag$…$tag$}. */
        DOLLAR_STRING,
        NUMBER,
        /** {@code $1}. */
        PARAMETER,
        /** Any other char, one per token, except that {@code ::} is one token. */
        OPERATOR
    }

    /** True for an identifier, quoted or not: something that can name a relation. */
    boolean isName() {
        return kind == Kind.IDENTIFIER || kind == Kind.QUOTED_IDENTIFIER;
    }

    /** True for the unquoted word {@code word} (lower case), in any letter case. */
    boolean isWord(String word) {
        return kind == Kind.IDENTIFIER && value.equals(word);
    }

    /** True for the operator or punctuation {@code symbol}, such as {@code "."} or {@code "("}. */
    boolean isSymbol(String symbol) {
        return kind == Kind.OPERATOR && text.equals(symbol);
    }
}
