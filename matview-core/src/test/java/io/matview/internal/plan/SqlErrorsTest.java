package io.matview.internal.plan;

import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.ViewFileException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL's errors in a view's SQL point at the file's own lines and words, never at the
 * statement Matview wraps around the query ({@code CREATE … AS}, {@code WITH DATA}, the probe).
 */
class SqlErrorsTest {
    /** Six-line files whose query breaks off on line 6 (after the header of three lines). */
    private static final String HEADER = "-- materialized\n-- unique: id\n-- description: broken at its end\n";

    private ViewFiles files;
    private Matview matview;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        DataSource db = TestDatabase.fresh();
        execute(db, "create table orders (id int primary key, total int)", "insert into orders values (1, 10), (2, 20)");
        files = new ViewFiles(dir);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
    }

    private static String query(String ending) {
        return "select id,\n       total\n" + ending + "\n";
    }

    @ParameterizedTest(name = "materialized view ending in ''{0}''")
    @ValueSource(strings = {"from orders where (total > 1", "from orders where total >", "from orders order by id,",
        "from orders where total > (select 1 +", "from orders where", "from orders order by"})
    void brokenEndOfAMaterializedViewIsReportedAtItsLastLineInItsOwnWords(String ending) {
        files.write("broken.sql", HEADER + query(ending));

        assertEndOfInput(() -> matview.apply(), 6);
    }

    @ParameterizedTest(name = "rebuild of a materialized view ending in ''{0}''")
    @ValueSource(strings = {"from orders where (total > 1", "from orders where total >", "from orders, (select 1 +"})
    void brokenEndOfARebuiltMaterializedViewIsReportedAtItsLastLine(String ending) {
        files.write("broken.sql", HEADER + "select id, total\nfrom orders\n");
        matview.apply();
        files.write("broken.sql", HEADER + query(ending));

        assertEndOfInput(() -> matview.apply(), 6);
    }

    @ParameterizedTest(name = "plain view ending in ''{0}''")
    @ValueSource(strings = {"from orders where (total > 1", "from orders where total >", "from orders order by id,"})
    void brokenEndOfAPlainViewIsReportedAtItsLastLineWhenCreatedAndWhenReplaced(String ending) {
        files.write("broken.sql", "-- description: broken\n\n\n" + query(ending));
        assertEndOfInput(() -> matview.apply(), 6);

        files.write("broken.sql", "-- description: fine\n\n\nselect id, total from orders\n");
        matview.apply();
        files.write("broken.sql", "-- description: broken\n\n\n" + query(ending));
        assertEndOfInput(() -> matview.plan(), 6);
        assertEndOfInput(() -> matview.apply(), 6);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"select 1 +", "select 1,", "select (1", "select 1 as"})
    void oneLineMaterializedViewEndingInAnOperatorOrCommaIsReportedOnItsLine(String query) {
        files.write("broken.sql", "-- materialized\n" + query + "\n");

        assertThatThrownBy(() -> matview.apply()).isInstanceOfSatisfying(ViewFileException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.what()).endsWith("syntax error at end of input").doesNotContain("WITH");
        });
    }

    /** The error names the file's line {@code line} and holds only words from the file. */
    private static void assertEndOfInput(ThrowingCallable call, int line) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ViewFileException.class, e -> {
            assertThat(e.where()).endsWith("broken.sql:" + line);
            assertThat(e.what()).contains("syntax error at end of input")
                    .doesNotContain("WITH").doesNotContain("DATA").doesNotContain("CREATE")
                    .doesNotContain("matview_probe").doesNotContain("_matview_new");
        });
    }
}
