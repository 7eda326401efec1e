package io.matview.internal.sqltest;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.internal.sqltest.TestFile.Broken;
import io.matview.internal.sqltest.TestFile.Expectation;
import io.matview.internal.sqltest.TestFile.Query;
import io.matview.internal.sqltest.TestFile.Refresh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Test files read into steps: directives from comments, statements from the core's lexer, lines kept. */
class TestFileParserTest {
    private static final Path FILE = Path.of("t.test.sql");

    private static TestFile parse(String text) {
        return TestFileParser.parse(FILE, text);
    }

    @Test
    void readsEachExpectationWithItsNameAndLine() {
        TestFile f = parse("""
                insert into t values (1);
                -- test: scalar
                -- expect: 2
                select 2;
                -- expect empty
                select 1 where false;
                -- test: refused
                -- expect error: 23505
                insert into t values (1);
                -- expect error: duplicate key
                insert into t values (1);
                -- a comment that is no directive
                -- expect: 'quoted '' text'
                select 'x';
                """);

        assertThat(f.steps()).hasSize(6);
        assertThat(f.steps().get(0)).isEqualTo(new Query(1, null, "insert into t values (1)", false, new Expectation.Succeeds()));
        assertThat(f.steps().get(1)).isEqualTo(new Query(4, "scalar", "select 2", false, new Expectation.Scalar("2")));
        assertThat(((Query) f.steps().get(2)).expectation()).isEqualTo(new Expectation.Empty());
        assertThat(((Query) f.steps().get(3)).expectation()).isEqualTo(new Expectation.Error("23505", null));
        assertThat(((Query) f.steps().get(4)).expectation()).isEqualTo(new Expectation.Error(null, "duplicate key"));
        assertThat(((Query) f.steps().get(5)).expectation()).isEqualTo(new Expectation.Scalar("quoted ' text"));
        assertThat(f.pgTap()).isFalse();
        assertThat(f.refreshes()).isFalse();
    }

    @Test
    void readsPsqlsOwnOutputAsATable() {
        TestFile f = parse("""
                -- expect rows:
                --  day        | n | note
                -- ------------+---+------
                --  2024-01-01 | 1 |
                --  2024-01-02 | 2 | ''
                -- (2 rows)
                select day, n, note from t order by day;
                """);

        Query q = (Query) f.steps().get(0);
        assertThat(q.ordered()).isTrue();
        assertThat(q.line()).isEqualTo(7);
        assertThat(q.expectation()).isEqualTo(new Expectation.Rows(List.of("day", "n", "note"),
                List.of(Arrays.asList("2024-01-01", "1", null), List.of("2024-01-02", "2", ""))));
    }

    @Test
    void orderByCountsOnlyAtTheTopLevel() {
        TestFile f = parse("""
                -- expect empty
                select * from (select * from t order by 1) s;
                -- expect empty
                select row_number() over (order by a) from t;
                -- expect empty
                with x as (select 1 order by 1) select * from x order by 1;
                """);

        assertThat(f.steps()).extracting(s -> ((Query) s).ordered()).containsExactly(false, false, true);
    }

    @Test
    void refreshStatementsBecomeMatviewRefreshes() {
        TestFile f = parse("""
                refresh materialized view reporting.daily;
                REFRESH MATERIALIZED VIEW CONCURRENTLY "Odd Name" WITH DATA;
                -- expect: 1
                select 1;
                """);

        assertThat(f.steps()).containsExactly(new Refresh(1, "refresh materialized view reporting.daily", "reporting.daily", false),
                new Refresh(2, "REFRESH MATERIALIZED VIEW CONCURRENTLY \"Odd Name\" WITH DATA", "\"Odd Name\"", true),
                new Query(4, null, "select 1", false, new Expectation.Scalar("1")));
        assertThat(f.refreshes()).isTrue();
    }

    @Test
    void pgTapFilesAreRecognisedAndTheirTransactionControlAndPsqlCommandsLeftOut() {
        TestFile f = parse("""
                \\set QUIET 1
                \\pset format unaligned
                BEGIN;
                SELECT plan(1);
                SELECT ok(true, 'yes; really');
                SELECT * FROM finish();
                ROLLBACK;
                """);

        assertThat(f.pgTap()).isTrue();
        assertThat(f.steps()).extracting(s -> ((Query) s).sql())
                .containsExactly("SELECT plan(1)", "SELECT ok(true, 'yes; really')", "SELECT * FROM finish()");
        assertThat(f.steps().get(0).line()).isEqualTo(4);
    }

    @Test
    void whatCannotBeReadBecomesABrokenStepAtItsLine() {
        TestFile f = parse("""
                select 1;

                -- test: bad
                -- expect something
                select 2;
                -- expect: 1
                -- expect: 2
                select 3;
                -- expect rows:
                select 4;
                refresh materialized view;
                -- expect:
                select 5;
                -- expect: 5
                """);

        assertThat(f.steps()).filteredOn(Broken.class::isInstance).extracting(s -> s.line() + " " + ((Broken) s).message().split(":")[0])
                .containsExactly("4 cannot read the expectation 'expect something'", "7 a second expectation for the same query",
                        "9 '-- expect rows", "11 cannot read the view name of this refresh", "12 '-- expect", "14 no query follows this directive");
    }

    @Test
    void anUnterminatedStringIsOneBrokenStepAtItsLine() {
        TestFile f = parse("select 1;\n\nselect 'oops;\n");

        assertThat(f.steps()).singleElement().satisfies(s -> {
            assertThat(s.line()).isEqualTo(3);
            assertThat(((Broken) s).message()).contains("unterminated quoted string");
        });
    }

    /** Random tables, written with random padding and borders, read back as they were. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void tablesReadBackWhateverTheirLayout(long seed) {
        Random random = new Random(seed);
        int columns = 1 + random.nextInt(4);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            names.add("c" + c);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int r = random.nextInt(5); r > 0; r--) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                row.add(switch (random.nextInt(5)) {
                    case 0 -> null;
                    case 1 -> "";
                    case 2 -> "a|b";
                    case 3 -> "it's";
                    default -> Integer.toString(random.nextInt(1000) - 500);
                });
            }
            rows.add(row);
        }
        boolean bordered = random.nextBoolean();
        StringBuilder text = new StringBuilder("-- expect rows:\n").append(line(names, bordered, random)).append('\n');
        if (random.nextBoolean()) {
            text.append("-- ---+---\n");
        }
        for (List<String> row : rows) {
            // NULL may be written out, or left empty but in an unbordered one-column table (an empty comment ends the table)
            boolean spellNull = columns == 1 && !bordered || random.nextBoolean();
            text.append(line(row.stream().map(v -> v == null && spellNull ? "NULL" : written(v)).toList(), bordered, random)).append('\n');
        }
        text.append("select 1;\n");

        assertThat(((Query) parse(text.toString()).steps().get(0)).expectation()).as(text.toString())
                .isEqualTo(new Expectation.Rows(names, rows));
    }

    private static String written(String value) {
        if (value == null) {
            return "";
        }
        return value.isEmpty() || value.contains("'") ? "'" + value.replace("'", "''") + "'" : value.replace("|", "\\|");
    }

    private static String line(List<String> cells, boolean bordered, Random random) {
        String joined = cells.stream().map(c -> " ".repeat(random.nextInt(3)) + c + " ".repeat(random.nextInt(3)))
                .collect(Collectors.joining("|"));
        return "--" + (bordered ? " |" + joined + "|" : " " + joined);
    }
}
