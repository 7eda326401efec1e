package io.matview.internal.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.matview.internal.view.Token.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {

    private static List<String> texts(String sql) {
        return SqlLexer.tokenize(sql).stream().map(Token::text).toList();
    }

    private static Token only(String sql) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        assertThat(tokens).as(sql).hasSize(1);
        return tokens.get(0);
    }

    @Test
    void unquotedIdentifiersAreFoldedToLowerCase() {
        assertThat(SqlLexer.tokenize("SELECT Daily_Revenue, aBc$1"))
                .extracting(Token::kind, Token::text, Token::value)
                .containsExactly(
                        tuple(Kind.IDENTIFIER, "SELECT", "select"),
                        tuple(Kind.IDENTIFIER, "Daily_Revenue", "daily_revenue"),
                        tuple(Kind.OPERATOR, ",", null),
                        tuple(Kind.IDENTIFIER, "aBc$1", "abc$1"));
    }

    @Test
    void onlyAsciiLettersAreFoldedLikeInAUtf8Database() {
        assertThat(only("Über").value()).isEqualTo("Über");
        assertThat(only("ÄbC").value()).isEqualTo("Äbc");
    }

    @Test
    void quotedIdentifiersKeepTheirCaseAndSpaces() {
        Token t = only("\"Daily Revenue\"");
        assertThat(t.kind()).isEqualTo(Kind.QUOTED_IDENTIFIER);
        assertThat(t.value()).isEqualTo("Daily Revenue");
        assertThat(t.text()).isEqualTo("\"Daily Revenue\"");
    }

    @Test
    void doubledQuotesInAQuotedIdentifierStandForOneQuote() {
        assertThat(only("\"Foo \"\"x\"\"\"").value()).isEqualTo("Foo \"x\"");
    }

    @Test
    void unicodeQuotedIdentifierIsOneTokenWithItsEscapesKeptRaw() {
        Token t = only("U&\"d\\0061ta\"");
        assertThat(t.kind()).isEqualTo(Kind.QUOTED_IDENTIFIER);
        assertThat(t.value()).isEqualTo("d\\0061ta");
    }

    @Test
    void zeroLengthQuotedIdentifierIsAnError() {
        assertThatThrownBy(() -> SqlLexer.tokenize("select \"\" from t"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("zero-length")
                .extracting(e -> ((SqlSyntaxException) e).offset()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'it''s'", "'a\\'", "E'it\\'s'", "e'\\\\'", "E'a''b'", "B'0101'", "X'FF'", "N'naïve'",
            "U&'d\\0061ta'", "u&'x'", "''"})
    void everyKindOfStringIsOneToken(String literal) {
        Token t = only(literal);
        assertThat(t.kind()).isEqualTo(Kind.STRING);
        assertThat(t.text()).isEqualTo(literal);
    }

    @Test
    void backslashDoesNotEscapeInAStandardString() {
        assertThat(texts("select 'a\\' , orders")).containsExactly("select", "'a\\'", ",", "orders");
    }

    @Test
    void backslashEscapesTheQuoteInAnEString() {
        assertThat(texts("select E'it\\'s orders', x")).containsExactly("select", "E'it\\'s orders'", ",", "x");
    }

    @Test
    void aPrefixLetterApartFromTheQuoteIsAnIdentifier() {
        assertThat(SqlLexer.tokenize("e 'x' date '2024-01-01' ue&'y'"))
                .extracting(Token::kind)
                .containsExactly(Kind.IDENTIFIER, Kind.STRING, Kind.IDENTIFIER, Kind.STRING,
                        Kind.IDENTIFIER, Kind.OPERATOR, Kind.STRING);
    }

    @Test
    void stringsSeparatedByANewlineAreOneString() {
        assertThat(texts("'a'\n  'b' x")).containsExactly("'a'\n  'b'", "x");
        assertThat(texts("'a' -- note\n'b' x")).containsExactly("'a' -- note\n'b'", "x");
    }

    @Test
    void anEStringKeepsItsEscapesInItsContinuation() {
        assertThat(texts("E'a'\n'\\' orders' x")).containsExactly("E'a'\n'\\' orders'", "x");
    }

    @Test
    void stringsOnOneLineAreNotJoined() {
        assertThat(texts("'a' 'b'")).containsExactly("'a'", "'b'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$$it's \"x\" -- not a comment$$", "$body$ a $$ b $$ c $body$", "$a$ $A$ $ab$ $a$",
            "$_x1$ /* $$ */ $_x1$", "$$$$"})
    void dollarQuotedStringRunsToItsOwnClosingTag(String literal) {
        Token t = only(literal);
        assertThat(t.kind()).isEqualTo(Kind.DOLLAR_STRING);
        assertThat(t.text()).isEqualTo(literal);
    }

    @Test
    void dollarFollowedByDigitsIsAParameter() {
        assertThat(SqlLexer.tokenize("$1 + $12"))
                .extracting(Token::kind, Token::text)
                .containsExactly(tuple(Kind.PARAMETER, "$1"), tuple(Kind.OPERATOR, "+"),
                        tuple(Kind.PARAMETER, "$12"));
    }

    @Test
    void dollarsInsideAnIdentifierDoNotOpenAQuote() {
        assertThat(texts("select a$b$ from t")).containsExactly("select", "a$b$", "from", "t");
    }

    @Test
    void aDollarThatOpensNothingIsAnOperator() {
        assertThat(SqlLexer.tokenize("$x"))
                .extracting(Token::kind, Token::text)
                .containsExactly(tuple(Kind.OPERATOR, "$"), tuple(Kind.IDENTIFIER, "x"));
    }

    @Test
    void castIsOneTokenAndPunctuationIsCutIntoChars() {
        assertThat(texts("s.f(a, $1::int);")).containsExactly("s", ".", "f", "(", "a", ",", "$1", "::", "int", ")", ";");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "3.14", ".5", "1.", "1e10", "1.5E-3", "2e+7", "1_000_000"})
    void numbersAreOneToken(String number) {
        Token t = only(number);
        assertThat(t.kind()).isEqualTo(Kind.NUMBER);
        assertThat(t.text()).isEqualTo(number);
    }

    @Test
    void aDotBetweenNamesIsItsOwnToken() {
        assertThat(SqlLexer.tokenize("t.x1"))
                .extracting(Token::kind)
                .containsExactly(Kind.IDENTIFIER, Kind.OPERATOR, Kind.IDENTIFIER);
    }

    @Test
    void lineCommentsRunToTheEndOfTheLine() {
        assertThat(texts("select -- orders\r\n1 --last")).containsExactly("select", "1");
    }

    @Test
    void blockCommentsNest() {
        assertThat(texts("select /* a /* b */ orders */ 1 /**/ 2 /*/ x */ 3")).containsExactly("select", "1", "2", "3");
    }

    @Test
    void aCommentCutsAnOperator() {
        assertThat(texts("1+--x\n2")).containsExactly("1", "+", "2");
    }

    @Test
    void onlyCommentsAndWhitespaceGiveNoTokens() {
        assertThat(SqlLexer.tokenize(" -- a\n /* b */\t\f")).isEmpty();
        assertThat(SqlLexer.tokenize("")).isEmpty();
    }

    @Test
    void offsetsPointAtTheTokenInTheInput() {
        String sql = "select \"A\"\"b\", E'x\\'', $q$ y $q$ /* c */ from s . t -- end";
        for (Token t : SqlLexer.tokenize(sql)) {
            assertThat(sql.substring(t.start(), t.end())).isEqualTo(t.text());
        }
        assertThat(SqlLexer.tokenize(sql))
                .extracting(Token::start)
                .containsExactly(0, 7, 13, 15, 21, 23, 41, 46, 48, 50);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "select 'abc                  | 7  | unterminated quoted string",
        "select E'abc\\'              | 7  | unterminated quoted string",
        "select E'abc\\               | 7  | unterminated quoted string",
        "select \"Daily Revenue       | 7  | unterminated quoted identifier",
        "select U&\"x                 | 7  | unterminated quoted identifier",
        "select $body$ abc $$ def     | 7  | unterminated dollar-quoted string $body$",
        "select $$ abc $a$            | 7  | unterminated dollar-quoted string $$",
        "select 1 /* a /* b */ c      | 9  | block comments nest",
        "select 1 /* a                | 9  | unterminated /* comment"})
    void unterminatedConstructIsReportedWhereItStarts(String sql, int offset, String message) {
        assertThatThrownBy(() -> SqlLexer.tokenize(sql.strip()))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((SqlSyntaxException) e).offset()).isEqualTo(offset);
    }

    @Test
    void unterminatedContinuationIsReportedWhereTheWholeStringStarts() {
        assertThatThrownBy(() -> SqlLexer.tokenize("select 'a'\n 'b"))
                .isInstanceOf(SqlSyntaxException.class)
                .extracting(e -> ((SqlSyntaxException) e).offset()).isEqualTo(7);
    }

    @Test
    void unterminatedDollarQuoteNamesTheTagToClose() {
        assertThatThrownBy(() -> SqlLexer.tokenize("select $body$ x"))
                .hasMessage("unterminated dollar-quoted string $body$: it starts here and is never closed by a "
                        + "matching $body$");
    }
}
