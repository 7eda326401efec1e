package io.matview.internal.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import io.matview.view.ViewFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One view file: the directive header, the header/query boundary, the errors, and the definition hash. */
class ViewFileParserTest {
    private static final Path FILE = Path.of("views", "reporting.revenue.sql");
    private static final QualifiedName NAME = new QualifiedName("reporting", "revenue");

    private static ViewDefinition parse(String text) {
        return ViewFileParser.parse(FILE, text, NAME, "public");
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /**
     * Parsing {@code text} fails with a {@link ViewFileException} that names {@link #FILE} and {@code line},
     * whose {@code what} holds {@code what}, and whose message (what + hint) tells what to do: {@code todo}.
     */
    private static void assertFails(String text, int line, String what, String todo) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, FILE, line, what, todo));
    }

    private static void assertError(ViewFileException e, Path file, int line, String what, String todo) {
        assertThat(e.file()).as("file").isEqualTo(file);
        assertThat(e.line()).as("line").isEqualTo(line);
        assertThat(e.where()).as("where").isEqualTo(line > 0 ? file + ":" + line : file.toString());
        assertThat(e.getMessage()).as("message").startsWith(e.where() + ": ");
        assertThat(e.what()).as("what").contains(what);
        assertThat(e.getMessage()).as("what to do").contains(todo);
    }

    @Nested
    class Directives {

        @Test
        void fileWithOnlyAQueryIsAPlainViewWithNothingElse() {
            ViewDefinition v = parse("select 1 as one\n");

            assertThat(v.name()).isEqualTo(NAME);
            assertThat(v.kind()).isEqualTo(Kind.VIEW);
            assertThat(v.materialized()).isFalse();
            assertThat(v.query()).isEqualTo("select 1 as one");
            assertThat(v.uniqueKey()).isEmpty();
            assertThat(v.indexes()).isEmpty();
            assertThat(v.refresh()).isEqualTo(new RefreshPolicy.Manual());
            assertThat(v.description()).isNull();
            assertThat(v.declaredDependencies()).isEmpty();
            assertThat(v.directiveLines()).isEmpty();
            assertThat(v.source().file()).isEqualTo(FILE);
        }

        @Test
        void materializedDirectiveMakesAMaterializedViewRefreshedManuallyByDefault() {
            ViewDefinition v = parse(lines("-- materialized", "select 1"));

            assertThat(v.kind()).isEqualTo(Kind.MATERIALIZED_VIEW);
            assertThat(v.materialized()).isTrue();
            assertThat(v.refresh()).isEqualTo(new RefreshPolicy.Manual());
            assertThat(v.directiveLines()).containsExactly(Map.entry("materialized", 1));
        }

        @Test
        void directiveNamesAreCaseInsensitiveAndSpacingAroundThemIsFree() {
            ViewDefinition v = parse(lines(
                    "  --MATERIALIZED  ",
                    "--   Refresh :   every   5 minutes  ",
                    "-- UNIQUE:plan_id,day",
                    "select 1"));

            assertThat(v.kind()).isEqualTo(Kind.MATERIALIZED_VIEW);
            assertThat(v.refresh()).isEqualTo(new RefreshPolicy.Every(Duration.ofMinutes(5)));
            assertThat(v.uniqueKey()).containsExactly("plan_id", "day");
        }

        @Test
        void uniqueListsItsColumnsInOrderAsWritten() {
            ViewDefinition v = parse(lines(
                    "-- materialized",
                    "-- unique: plan_id,  day , \"Region Code\", Tenant_Id",
                    "select 1"));

            assertThat(v.uniqueKey()).containsExactly("plan_id", "day", "\"Region Code\"", "Tenant_Id");
            assertThat(v.directiveLines()).containsEntry("unique", 2);
        }

        @ParameterizedTest(name = "index: {0}")
        @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "region, day desc                                  | false | NULL  | region, day desc | NULL",
            "(region, day desc)                                | false | NULL  | region, day desc | NULL",
            "unique email                                      | true  | NULL  | email            | NULL",
            "unique (email)                                    | true  | NULL  | email            | NULL",
            "using gin (tags)                                  | false | gin   | tags             | NULL",
            "UNIQUE USING BTREE (lower(email)) WHERE deleted_at IS NULL | true | btree | (lower(email)) | deleted_at IS NULL",
            "day where region = 'eu' and amount > 0            | false | NULL  | day              | region = 'eu' and amount > 0",
            "unique using hash (id) where active               | true  | hash  | id               | active",
            "((a + b))                                         | false | NULL  | ((a + b))        | NULL",
            "(a + b)                                           | false | NULL  | (a + b)          | NULL",
            "(a + 1), (b)                                      | false | NULL  | (a + 1), (b)     | NULL",
            "unique_id                                         | false | NULL  | unique_id        | NULL",
            "using_col                                         | false | NULL  | using_col        | NULL",
            "coalesce(somewhere, 0)                            | false | NULL  | coalesce(somewhere, 0) | NULL",
        })
        void indexReadsUniqueMethodKeysAndPredicate(String value, boolean unique, String method, String keys,
                String where) {
            ViewDefinition v = parse(lines("-- materialized", "-- index: " + value, "select 1"));

            assertThat(v.indexes()).containsExactly(new IndexDefinition(unique, method, keys, where, 2));
        }

        @Test
        void indexMethodMayBeFollowedDirectlyByTheParenthesis() {
            ViewDefinition v = parse(lines("-- materialized", "-- index: using gin(tags)", "select 1"));

            assertThat(v.indexes()).containsExactly(new IndexDefinition(false, "gin", "tags", null, 2));
        }

        @Test
        void indexMayRepeatAndKeepsFileOrderAndLines() {
            ViewDefinition v = parse(lines(
                    "-- materialized",
                    "-- index: region",
                    "-- description: by region",
                    "-- index: unique using gin (tags) where active",
                    "select 1"));

            assertThat(v.indexes())
                    .extracting(IndexDefinition::keys, IndexDefinition::line)
                    .containsExactly(tuple("region", 2), tuple("tags", 4));
            assertThat(v.canonicalIndexes()).containsExactly("region", "unique using gin tags where active");
            assertThat(v.directiveLines()).containsEntry("index", 2);
        }

        @ParameterizedTest(name = "refresh: {0}")
        @CsvSource(delimiter = '|', value = {
            "every 5 minutes                        | every 5 minutes",
            "every 90s                              | every 90 seconds",
            "cron 0 3 * * * Europe/Paris            | cron 0 3 * * * Europe/Paris",
            "cron 0 3 * * *                         | cron 0 3 * * * UTC",
            "on change                              | on change debounce 5 seconds max staleness 1 minute",
            "on change debounce 10s max staleness 2m | on change debounce 10 seconds max staleness 2 minutes",
            "manual                                 | manual",
        })
        void refreshTakesEachPolicyForm(String value, String canonical) {
            ViewDefinition v = parse(lines("-- materialized", "-- refresh: " + value, "select 1"));

            assertThat(v.refresh()).hasToString(canonical);
            assertThat(v.directiveLines()).containsEntry("refresh", 2);
        }

        @Test
        void refreshVariantsGiveTheirRecords() {
            assertThat(parse(lines("-- materialized", "-- refresh: every 5 minutes", "select 1")).refresh())
                    .isEqualTo(new RefreshPolicy.Every(Duration.ofMinutes(5)));
            assertThat(parse(lines("-- materialized", "-- refresh: cron 0 3 * * * Europe/Paris", "select 1")).refresh())
                    .isEqualTo(new RefreshPolicy.Cron("0 3 * * *", ZoneId.of("Europe/Paris")));
            assertThat(parse(lines("-- materialized", "-- refresh: on change debounce 2s", "select 1")).refresh())
                    .isEqualTo(new RefreshPolicy.OnChange(Duration.ofSeconds(2), Duration.ofMinutes(1)));
            assertThat(parse(lines("-- materialized", "-- refresh: manual", "select 1")).refresh())
                    .isEqualTo(new RefreshPolicy.Manual());
        }

        @Test
        void timeoutGivesTheRefreshTimeoutAndIsAbsentByDefault() {
            assertThat(parse(lines("-- materialized", "-- timeout: 10 minutes", "select 1")).refreshTimeout())
                    .isEqualTo(Duration.ofMinutes(10));
            assertThat(parse(lines("-- materialized", "select 1")).refreshTimeout()).isNull();
        }

        @Test
        void descriptionMayRepeatAndItsLinesAreJoinedByNewline() {
            ViewDefinition v = parse(lines(
                    "-- description: Active subscriptions per plan.",
                    "-- Free text between description lines is not part of it",
                    "-- description:   Note: revenue is in cents, -- not dollars  ",
                    "select 1"));

            assertThat(v.description())
                    .isEqualTo("Active subscriptions per plan.\nNote: revenue is in cents, -- not dollars");
            assertThat(v.directiveLines()).containsEntry("description", 1);
        }

        @Test
        void dependsTakesQualifiedAndUnqualifiedNames() {
            ViewDefinition v = parse(lines(
                    "-- depends: daily, reporting.monthly, \"Odd Schema\".\"Odd Name\", Upper.Case",
                    "select 1"));

            assertThat(v.declaredDependencies()).containsExactlyInAnyOrder(
                    new QualifiedName("public", "daily"),
                    new QualifiedName("reporting", "monthly"),
                    new QualifiedName("Odd Schema", "Odd Name"),
                    new QualifiedName("upper", "case"));
            assertThat(v.dependencies()).isEqualTo(v.declaredDependencies());
            assertThat(v.directiveLines()).containsEntry("depends", 1);
        }

        @Test
        void everyDirectiveTogetherWithTheLineOfEach() {
            ViewDefinition v = parse(lines(
                    "-- materialized",
                    "-- unique: plan_id",
                    "-- index: day desc",
                    "-- refresh: every 5 minutes",
                    "-- description: Revenue per plan",
                    "-- depends: reporting.plans",
                    "select plan_id, day from t"));

            assertThat(v.directiveLines()).containsOnly(
                    Map.entry("materialized", 1), Map.entry("unique", 2), Map.entry("index", 3),
                    Map.entry("refresh", 4), Map.entry("description", 5), Map.entry("depends", 6));
            assertThat(v.query()).isEqualTo("select plan_id, day from t");
            assertThat(v.source().lineOfQueryOffset(0)).isEqualTo(7);
        }
    }

    @Nested
    class HeaderAndQuery {

        @Test
        void freeCommentLinesInTheHeaderAreNotDirectives() {
            ViewDefinition v = parse(lines(
                    "-- This report shows revenue per plan",
                    "-- Overview",
                    "--",
                    "-- =====================",
                    "-------------------------",
                    "-- materialized",
                    "-- See the wiki for more",
                    "select 1"));

            assertThat(v.kind()).isEqualTo(Kind.MATERIALIZED_VIEW);
            assertThat(v.query()).isEqualTo("select 1");
            assertThat(v.directiveLines()).containsOnlyKeys("materialized");
        }

        @Test
        void blankLinesInTheHeaderAreAllowed() {
            ViewDefinition v = parse(lines(
                    "",
                    "-- materialized",
                    "   ",
                    "",
                    "-- refresh: every 1 hour",
                    "",
                    "select 1"));

            assertThat(v.kind()).isEqualTo(Kind.MATERIALIZED_VIEW);
            assertThat(v.refresh()).isEqualTo(new RefreshPolicy.Every(Duration.ofHours(1)));
            assertThat(v.directiveLines()).containsOnly(Map.entry("materialized", 2), Map.entry("refresh", 5));
            assertThat(v.source().lineOfQueryOffset(0)).isEqualTo(7);
        }

        @Test
        void directiveLikeCommentsAfterTheQueryStartAreNotDirectives() {
            ViewDefinition v = parse(lines(
                    "select 1",
                    "-- materialized",
                    "-- refersh: every 5 minutes",
                    "-- unique: lower(x)",
                    "from t"));

            assertThat(v.kind()).isEqualTo(Kind.VIEW);
            assertThat(v.directiveLines()).isEmpty();
            assertThat(v.query()).isEqualTo(lines(
                    "select 1", "-- materialized", "-- refersh: every 5 minutes", "-- unique: lower(x)", "from t").strip());
        }

        @Test
        void blockCommentEndsTheHeaderAndWhatItHoldsIsNotADirective() {
            ViewDefinition v = parse(lines(
                    "/*",
                    "-- materialized",
                    "-- refersh: never",
                    "*/",
                    "select 1"));

            assertThat(v.kind()).isEqualTo(Kind.VIEW);
            assertThat(v.directiveLines()).isEmpty();
            assertThat(v.query()).startsWith("/*").endsWith("select 1");
        }

        @Test
        void blockCommentBetweenHeaderAndQueryBelongsToTheQuery() {
            ViewDefinition v = parse(lines(
                    "-- materialized",
                    "/* explains the join */",
                    "select 1"));

            assertThat(v.kind()).isEqualTo(Kind.MATERIALIZED_VIEW);
            assertThat(v.query()).isEqualTo("/* explains the join */\nselect 1");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"select 1;", "select 1 ;", "select 1;\n", "select 1;;\n\n  ", "select 1  \n\n\t"})
        void trailingSemicolonAndWhitespaceAreDropped(String body) {
            assertThat(parse("-- materialized\n" + body).query()).isEqualTo("select 1");
        }

        @Test
        void queryKeepsItsInnerFormattingAndComments() {
            String query = "select a,\n       b -- the b column\n  from t\n /* end */ where a > 1";
            assertThat(parse("-- materialized\n\n" + query + ";\n").query()).isEqualTo(query);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "SELECT 1",
            "with x as (select 1) select * from x",
            "values (1), (2)",
            "table orders",
            "(select 1) union (select 2)",
            "select ';' as semicolon, $$;$$ as dollar, \"a;b\" from t",
        })
        void queryMayStartWithSelectWithValuesTableOrParenthesis(String query) {
            assertThat(parse(query).query()).isEqualTo(query);
        }

        @Test
        void crlfLineEndingsAreRead() {
            ViewDefinition v = parse("-- materialized\r\n-- unique: id\r\n\r\nselect id from t\r\n");

            assertThat(v.kind()).isEqualTo(Kind.MATERIALIZED_VIEW);
            assertThat(v.uniqueKey()).containsExactly("id");
            assertThat(v.query()).isEqualTo("select id from t");
            assertThat(v.source().lineOfQueryOffset(0)).isEqualTo(4);
        }

        @Test
        void trailingSemicolonFollowedByACommentIsAccepted() {
            assertThat(parse("select 1; -- done\n").query()).startsWith("select 1");
            assertThat(parse("select 1;\n-- end of file\n").query()).startsWith("select 1");
            assertThat(parse("select 1;\n/* footer */\n").query()).startsWith("select 1");
        }
    }

    @Nested
    class Errors {

        @Test
        void unknownDirectiveNamesFileLineAndSuggestsTheClosestOne() {
            assertFails(lines("-- materialized", "-- This report shows revenue", "-- refersh: every 5 minutes", "select 1"),
                    3, "unknown directive 'refersh'", "did you mean 'refresh'?");
        }

        @Test
        void unknownDirectiveListsTheKnownDirectives() {
            assertThat(ViewFileParser.DIRECTIVES)
                    .contains("materialized", "unique", "index", "refresh", "description", "depends");
            assertFails(lines("-- owner: finance team", "select 1"), 1, "unknown directive 'owner'",
                    "known directives: " + String.join(", ", ViewFileParser.DIRECTIVES));
        }

        @ParameterizedTest(name = "-- {0}")
        @CsvSource({
            "materalized, materialized",
            "materialised, materialized",
            "uniqe, unique",
            "indx, index",
            "dependss, depends",
        })
        void bareTypoOfADirectiveIsAnError(String typo, String meant) {
            assertFails(lines("-- materialized", "-- " + typo, "select 1"),
                    2, "unknown directive '" + typo + "'", "did you mean '" + meant + "'?");
        }

        @ParameterizedTest(name = "-- {0}")
        @CsvSource(delimiter = '|', value = {
            "unique:            | unique      | for example: -- unique: plan_id",
            "unique             | unique      | for example: -- unique: plan_id",
            "index:             | index       | for example: -- index: region, day desc",
            "refresh:           | refresh     | for example: -- refresh: every 5 minutes",
            "refresh            | refresh     | for example: -- refresh: every 5 minutes",
            "description:       | description | for example: -- description: Revenue per day",
            "depends:           | depends     | for example: -- depends: reporting.daily_revenue",
            "depends            | depends     | for example: -- depends: reporting.daily_revenue",
        })
        void directiveWithoutValueIsAnError(String directive, String name, String example) {
            assertFails(lines("-- materialized", "-- " + directive, "select 1"),
                    2, "directive '" + name + "' needs a value", example);
        }

        @Test
        void materializedTakesNoValue() {
            assertFails(lines("-- materialized: yes", "select 1"), 1,
                    "directive 'materialized' takes no value", "write just '-- materialized'");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "materialized                 | materialized",
            "unique: id                   | unique",
            "refresh: every 5 minutes     | refresh",
            "depends: reporting.plans     | depends",
        })
        void duplicateDirectiveNamesTheLineOfTheFirst(String directive, String name) {
            assertFails(lines("-- " + directive, "-- description: x", "-- " + directive, "-- materialized", "select 1"),
                    3, "directive '" + name + "' given twice (first on line 1)", "keep one");
        }

        @Test
        void duplicateRefreshReportsTheSecondLineAndNamesTheFirst() {
            assertFails(lines("-- materialized", "-- refresh: every 5 minutes", "", "-- refresh: manual", "select 1"),
                    4, "directive 'refresh' given twice (first on line 2)",
                    "keep one; only index: and description: may repeat");
        }

        @ParameterizedTest(name = "unique: {0}")
        @ValueSource(strings = {"lower(email)", "id desc", "a + b", "(id)", "id, coalesce(x, 0)"})
        void uniqueWithAnExpressionIsAnError(String value) {
            assertFails(lines("-- materialized", "-- unique: " + value, "select 1"),
                    2, "is not a plain column name", "put an expression index under 'index: unique");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "unique: id               | unique",
            "index: day               | index",
            "refresh: every 5 minutes | refresh",
            "refresh: manual          | refresh",
            "timeout: 10 minutes      | timeout",
        })
        void materializedOnlyDirectiveOnAPlainViewIsAnError(String directive, String name) {
            assertFails(lines("-- description: plain", "", "-- " + directive, "select 1"),
                    3, "directive '" + name + "' applies only to a materialized view",
                    "add '-- materialized' to the header, or remove it");
        }

        @ParameterizedTest(name = "refresh: {0}")
        @CsvSource(delimiter = '|', value = {
            "every 0 seconds                          | the interval must be at least 1 second",
            "every 500ms                              | the interval must be at least 1 second",
            "every soon                               | write a whole number and a unit",
            "every 5 fortnights                       | write a whole number and a unit",
            "0 3 * * *                                | write 'cron 0 3 * * *'",
            "*/5 * * * *                              | write 'cron */5 * * * *'",
            "cron 0 3 * * * Mars/Olympus              | use an IANA name such as Europe/Paris",
            "cron 61 3 * * *                          | not in range [0, 59]",
            "cron 0 25 * * *                          | not in range [0, 23]",
            "cron 0 3 * * 8                           | not in range [0, 7]",
            "cron 0 3 * *                             | five fields (minute hour day month weekday)",
            "cron 0 3 * * * UTC extra                 | five fields (minute hour day month weekday)",
            "on change debounce 2m max staleness 1m   | must not be shorter than the debounce",
            "on change soon                           | accepted: 'debounce 5s', 'max staleness 1m'",
            "sometimes                                | use 'every 5 minutes', 'cron 0 3 * * * Europe/Paris'",
        })
        void badRefreshValueIsAnErrorThatSaysWhatIsAccepted(String value, String todo) {
            assertFails(lines("-- materialized", "-- unique: id", "-- refresh: " + value, "select 1"),
                    3, "bad refresh policy", todo);
        }

        @ParameterizedTest(name = "timeout: {0}")
        @ValueSource(strings = {"soon", "10", "1.5 hours", "10 minutes please"})
        void badTimeoutIsAnErrorThatSaysWhatToWrite(String value) {
            assertFails(lines("-- materialized", "-- timeout: " + value, "select 1"),
                    2, "bad timeout", "write a whole number and a unit");
        }

        @Test
        void hugeRefreshIntervalIsAnErrorNamingFileAndLine() {
            assertFails(lines("-- materialized", "-- refresh: every 999999999999999999 days", "select 1"),
                    2, "bad refresh policy", "write a whole number");
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "\n", "\n\n   \n\t\n"})
        void emptyFileIsAnError(String text) {
            assertFails(text, 0, "the file holds no query", "write a SELECT (or WITH … SELECT) below the directives");
        }

        @Test
        void fileOfHeaderCommentsOnlyIsAnError() {
            assertFails(lines("-- materialized", "-- This will show revenue", "-- refresh: every 5 minutes"),
                    0, "the file holds no query", "write a SELECT");
        }

        @Test
        void fileOfBlockCommentsOnlyIsAnError() {
            assertFails(lines("-- materialized", "/* select 1 */", "-- nothing"),
                    0, "the file holds only comments, no query", "write a SELECT below the directives");
        }

        @Test
        void createStatementIsAnErrorAtItsLine() {
            assertFails(lines("-- materialized", "", "CREATE MATERIALIZED VIEW reporting.revenue AS", "select 1"),
                    3, "the file holds a CREATE statement", "keep only the query (SELECT …)");
        }

        @Test
        void statementOtherThanAQueryIsAnError() {
            assertFails(lines("-- materialized", "delete from orders"),
                    2, "found 'delete'", "the query must start with SELECT, WITH, VALUES or TABLE");
        }

        @Test
        void twoStatementsOnOneLineAreAnError() {
            assertFails(lines("-- materialized", "select 1; select 2"),
                    2, "more than one statement in the file", "move the other statement to its own file");
        }

        @Test
        void twoStatementsReportTheLineOfTheSemicolon() {
            assertFails(lines("-- materialized", "", "select 1", "  from t", ";", "select 2;"),
                    5, "more than one statement in the file", "a view file holds one query");
        }

        @Test
        void unterminatedStringLiteralIsReportedAtTheLineWhereItStarts() {
            assertFails(lines(
                            "-- materialized",
                            "-- unique: id",
                            "",
                            "select id,",
                            "       'open as label",
                            "from t",
                            "where x = 1"),
                    5, "unterminated quoted string", "never closed by a matching '");
        }

        @Test
        void unterminatedDollarQuoteIsReportedAtTheLineWhereItStarts() {
            assertFails(lines(
                            "-- materialized",
                            "select id,",
                            "  1 as one,",
                            "  $body$ text that never ends as label",
                            "from t"),
                    4, "unterminated dollar-quoted string $body$", "never closed by a matching $body$");
        }

        @Test
        void unterminatedBlockCommentIsReportedAtTheLineWhereItStarts() {
            assertFails(lines("-- description: x", "select 1", "/* forgot to close", "from t"),
                    3, "unterminated /* comment", "never closed by */");
        }

        @Test
        void unterminatedQuotedIdentifierIsReportedAtTheLineWhereItStarts() {
            assertFails(lines("select 1", "from \"Orders"), 2, "unterminated quoted identifier", "matching \"");
        }

        @ParameterizedTest(name = "depends: {0}")
        @ValueSource(strings = {"a.b.c", "a b", "reporting.", "1abc", "lower(x)"})
        void dependsOnSomethingThatIsNotAViewNameIsAnError(String value) {
            assertFails(lines("-- description: x", "-- depends: ok, " + value, "select 1"),
                    2, "is not a view name", "list view names separated by commas: depends: a, reporting.b");
        }
    }

    @Nested
    class DefinitionHash {
        private static final String BASE = lines(
                "-- materialized",
                "-- unique: plan_id, day",
                "-- index: day desc",
                "-- index: using gin (tags) where active",
                "-- refresh: every 5 minutes",
                "-- description: Revenue per plan",
                "-- description: in cents",
                "-- depends: reporting.plans",
                "select plan_id, day, tags, active",
                "  from t");

        private String hash(String text) {
            return parse(text).definitionHash();
        }

        @Test
        void isAStableSha256ForIdenticalContent() {
            String h = hash(BASE);

            assertThat(h).hasSize(64).matches("[0-9a-f]{64}");
            assertThat(hash(BASE)).isEqualTo(h);
            assertThat(ViewFileParser.parse(Path.of("elsewhere", "x.sql"), BASE, new QualifiedName("public", "x"), "public")
                    .definitionHash()).as("the file's path plays no part").isEqualTo(h);
        }

        @Test
        void isUnchangedByHeaderCommentsBlankLinesSpacingAndTrailingWhitespace() {
            String edited = String.join("\n",
                    "-- Revenue report, owned by finance",
                    "",
                    "--MATERIALIZED   ",
                    "--  ================",
                    "-- Unique :plan_id,day   ",
                    "",
                    "-- index:   day desc\t",
                    "-- index: USING GIN ( tags )   where active",
                    "-- refresh: every 300 seconds",
                    "-- description:    Revenue per plan   ",
                    "-- description: in cents",
                    "-- depends:    reporting.plans",
                    "",
                    "",
                    "select plan_id, day, tags, active",
                    "  from t;   ",
                    "\n\n   \n");

            assertThat(hash(edited)).isEqualTo(hash(BASE));
        }

        @Test
        void isUnchangedByCarriageReturnsInTheHeader() {
            String crlfHeader = BASE.replace("\n-- ", "\r\n-- ");
            assertThat(crlfHeader).contains("-- materialized\r\n");
            assertThat(hash(crlfHeader)).isEqualTo(hash(BASE));
        }

        @Test
        void changesWithAnyDirectiveOrQueryChange() {
            Map<String, String> variants = new LinkedHashMap<>();
            variants.put("base", BASE);
            variants.put("unique columns", BASE.replace("-- unique: plan_id, day", "-- unique: plan_id"));
            variants.put("unique order", BASE.replace("-- unique: plan_id, day", "-- unique: day, plan_id"));
            variants.put("no unique", BASE.replace("-- unique: plan_id, day\n", ""));
            variants.put("index keys", BASE.replace("-- index: day desc", "-- index: day"));
            variants.put("index unique", BASE.replace("-- index: day desc", "-- index: unique day desc"));
            variants.put("index method", BASE.replace("using gin", "using gist"));
            variants.put("index predicate", BASE.replace("where active", "where not active"));
            variants.put("index added", BASE.replace("-- index: day desc\n", "-- index: day desc\n-- index: plan_id\n"));
            variants.put("index order", BASE.replace("-- index: day desc\n-- index: using gin (tags) where active",
                    "-- index: using gin (tags) where active\n-- index: day desc"));
            variants.put("refresh", BASE.replace("every 5 minutes", "every 6 minutes"));
            variants.put("refresh kind", BASE.replace("every 5 minutes", "cron */5 * * * *"));
            variants.put("no refresh", BASE.replace("-- refresh: every 5 minutes\n", ""));
            variants.put("timeout", BASE.replace("-- refresh: every 5 minutes\n",
                    "-- refresh: every 5 minutes\n-- timeout: 2 minutes\n"));
            variants.put("description", BASE.replace("in cents", "in dollars"));
            variants.put("description line", BASE.replace("-- description: in cents\n", ""));
            variants.put("depends", BASE.replace("reporting.plans", "reporting.plans, reporting.other"));
            variants.put("no depends", BASE.replace("-- depends: reporting.plans\n", ""));
            variants.put("query column", BASE.replace("select plan_id, day", "select plan_id as plan, day"));
            variants.put("query table", BASE.replace("from t", "from u"));
            variants.put("query filter", BASE.replace("from t", "from t where day > now()"));

            Map<String, String> hashes = new LinkedHashMap<>();
            variants.forEach((what, text) -> {
                if (!what.equals("base")) {
                    assertThat(text).as("variant '%s' edits the base", what).isNotEqualTo(BASE);
                }
                hashes.put(what, hash(text));
            });
            assertThat(Set.copyOf(hashes.values())).as("%s", hashes).hasSize(variants.size());
        }

        @Test
        void changesWithTheKind() {
            assertThat(hash("-- materialized\nselect 1")).isNotEqualTo(hash("select 1"));
        }

        @Test
        void refreshSpelledDifferentlyButMeaningTheSameKeepsTheHash() {
            List<String> same = List.of("every 5 minutes", "every 5m", "every 300s", "every 5 mins", "every 300000ms");
            assertThat(same).extracting(r -> hash(BASE.replace("every 5 minutes", r))).containsOnly(hash(BASE));
        }
    }
}
