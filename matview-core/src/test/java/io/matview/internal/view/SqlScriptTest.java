package io.matview.internal.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void cutsAtSemicolonsOutsideStringsQuotesCommentsAndDollarQuotes() {
        List<SqlScript.Statement> statements = SqlScript.parse("""
                -- a comment; not a statement
                alter table orders alter column total type bigint;
                update orders set note = 'a;b', "odd;name" = 1;

                create function f() returns text language plpgsql as $$ begin return 'x;y'; end $$;
                /* trailing; */ select 1""").statements();

        assertThat(statements).extracting(SqlScript.Statement::line).containsExactly(2, 3, 5, 6);
        assertThat(statements).extracting(SqlScript.Statement::firstWord).containsExactly("alter", "update", "create", "select");
        assertThat(statements.get(1).sql()).isEqualTo("update orders set note = 'a;b', \"odd;name\" = 1");
        assertThat(statements.get(2).sql()).endsWith("end $$");
    }

    @Test
    void keepsABeginAtomicBodyWhole() {
        List<SqlScript.Statement> statements = SqlScript.parse("""
                create function g(x int) returns int begin atomic
                  select case when x > 0 then 1 else 0 end;
                  select 2;
                end;
                drop table t;
                """).statements();

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).sql()).startsWith("create function").endsWith("end");
        assertThat(statements.get(1).line()).isEqualTo(5);
    }

    @Test
    void mapsAnErrorPositionToTheLineOfTheScript() {
        SqlScript.Statement second = SqlScript.parse("select 1;\nupdate t\n   set x = nope;").statements().get(1);

        assertThat(second.lineAt(1)).isEqualTo(2);
        assertThat(second.lineAt(second.sql().indexOf("nope") + 1)).isEqualTo(3);
    }

    @Test
    void anUnclosedStringNamesItsLine() {
        assertThatThrownBy(() -> SqlScript.parse("select 1;\nselect 'open"))
                .isInstanceOfSatisfying(SqlScript.SyntaxError.class, e -> assertThat(e.line()).isEqualTo(2));
    }
}
