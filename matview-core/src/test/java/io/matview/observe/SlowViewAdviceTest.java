package io.matview.observe;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.catalog.ViewStatus;
import io.matview.testing.OwnServer;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code materialize-slow-view} advice with {@code pg_stat_statements} installed: a server of this class's
 * own, since only a server start can load the library (no skip: a build without it fails here).
 */
class SlowViewAdviceTest {
    private static final Pattern MEAN_MS = Pattern.compile("statements reading public\\.daily_totals take (\\d+) ms on average");

    @RegisterExtension
    static final OwnServer SERVER = OwnServer.withPgStatStatements();

    @TempDir
    Path dir;

    @Test
    void aPlainViewReadBySlowStatementsIsAdvisedToBeMaterializedAndAFastOneWhoseNameItContainsIsNot() {
        DataSource db = SERVER.dataSource();
        // a schema whose name needs quoting, quote included: the extension is found wherever it is created
        execute(db, "create schema \"stat\"\"s\"", "create extension pg_stat_statements schema \"stat\"\"s\"",
                "create table items (id int primary key, qty int not null)",
                "insert into items select g, g from generate_series(1, 10) g");
        ViewFiles files = new ViewFiles(dir);
        // every read sleeps 0.6 s once (an init plan), above the 500 ms threshold on any machine
        files.write("daily_totals.sql", "select id, qty from items where (select true from pg_sleep(0.6))");
        // "daily" is inside "daily_totals": statements reading the slow view must not count as reading this one
        files.write("daily.sql", "select id from items");
        Matview matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        matview.apply();
        for (int i = 0; i < 2; i++) {
            assertThat(queryLong(db, "select count(*) from daily_totals")).isEqualTo(10);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(queryLong(db, "select count(*) from daily")).isEqualTo(10);
        }

        List<ViewStatus> status = matview.status();

        Advice advice = advice(status, "daily_totals").stream().filter(a -> a.kind() == AdviceKind.MATERIALIZE_SLOW_VIEW)
                .findFirst().orElseThrow(() -> new AssertionError("no materialize-slow-view advice: " + status));
        Matcher mean = MEAN_MS.matcher(advice.reason());
        assertThat(mean.find()).as(advice.reason()).isTrue();
        assertThat(Long.parseLong(mean.group(1))).isGreaterThanOrEqualTo(600);
        assertThat(advice.reason()).endsWith("(pg_stat_statements)");
        assertThat(advice.fix()).startsWith("make it a materialized view (-- materialized)");
        assertThat(advice(status, "daily")).extracting(Advice::kind).doesNotContain(AdviceKind.MATERIALIZE_SLOW_VIEW);
    }

    private static List<Advice> advice(List<ViewStatus> status, String view) {
        QualifiedName name = new QualifiedName("public", view);
        return status.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().advice();
    }
}
