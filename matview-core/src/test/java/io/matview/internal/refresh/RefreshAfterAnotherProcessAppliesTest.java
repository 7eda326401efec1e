package io.matview.internal.refresh;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refresh keeps what it read of the catalog between calls (which view reads which); another process that
 * applies new definitions, or a view replaced by hand, must never make it refresh by what it kept.
 */
class RefreshAfterAnotherProcessAppliesTest {
    @TempDir
    Path here;
    @TempDir
    Path elsewhere;
    DataSource db;
    Matview thisProcess;
    Matview otherProcess;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        execute(db, "create table orders (id bigint generated always as identity primary key, "
                        + "created_at timestamptz not null, amount numeric not null)",
                "create index on orders (created_at)",
                "insert into orders (created_at, amount) select now() - (i % 20) * interval '1 day', i "
                        + "from generate_series(1, 500) i");
        thisProcess = Matview.configure().dataSource(db).viewsDirectory(here).load();
        otherProcess = Matview.configure().dataSource(db).viewsDirectory(elsewhere).load();
    }

    private static List<String> refreshed(List<RefreshLogEntry> entries) {
        return entries.stream().filter(RefreshLogEntry::ok).map(e -> e.view().name()).toList();
    }

    @Test
    void aDependencyAnotherProcessAppliedIsCascadedTo() {
        String base = "-- materialized\n-- unique: day\nselect created_at::date as day, sum(amount) as total from orders group by 1\n";
        new ViewFiles(here).write("base.sql", base);
        new ViewFiles(here).write("top.sql", "-- materialized\nselect count(*) as n from orders\n");
        thisProcess.apply();
        assertThat(refreshed(thisProcess.refresh("base"))).containsExactly("base");

        new ViewFiles(elsewhere).write("base.sql", base);
        new ViewFiles(elsewhere).write("top.sql", "-- materialized\nselect count(*) as n from base\n");
        otherProcess.apply();

        assertThat(refreshed(thisProcess.refresh("base"))).as("top reads base now").containsExactly("base", "top");
    }

    @Test
    void aPlainViewReplacedByHandIsFollowed() {
        execute(db, "create view middle as select 1::bigint as n");
        new ViewFiles(here).write("base.sql", "-- materialized\nselect count(*) as n from orders\n");
        new ViewFiles(here).write("top.sql", "-- materialized\nselect n from middle\n");
        thisProcess.apply();
        assertThat(refreshed(thisProcess.refresh("base"))).containsExactly("base");

        execute(db, "create or replace view middle as select n from base");

        assertThat(refreshed(thisProcess.refresh("base"))).as("top reads base through middle now")
                .containsExactly("base", "top");
    }

    @Test
    void anIncrementalViewAnotherProcessRedefinedIsRefreshedByItsNewDefinition() {
        String directive = "-- incremental: by day from orders.created_at, window 2 days\n-- unique: day\n";
        new ViewFiles(here).write("daily.sql", directive + "select created_at::date as day, count(*) as n from orders group by 1\n");
        thisProcess.apply();
        execute(db, "insert into orders (created_at, amount) values (now(), 1)");
        assertThat(thisProcess.refresh("daily").get(0).mode()).isEqualTo(RefreshMode.INCREMENTAL);

        String query = "select created_at::date as day, count(*) as n, sum(amount) as total from orders group by 1";
        new ViewFiles(elsewhere).write("daily.sql", directive + query + "\n");
        otherProcess.apply();
        execute(db, "insert into orders (created_at, amount) values (now(), 1000)");

        assertThat(thisProcess.refresh("daily").get(0).ok()).isTrue();
        assertThat(queryLong(db, "select (select count(*) from (table daily except all " + query + ") a)"
                + " + (select count(*) from (" + query + " except all table daily) b)"))
                .as("the view holds the new query's rows, today's order counted").isZero();

        new ViewFiles(elsewhere).write("daily.sql", "-- materialized\n-- unique: day\n" + query + "\n");
        otherProcess.apply();
        assertThat(thisProcess.refresh("daily").get(0).mode()).as("a materialized view now")
                .isIn(RefreshMode.CONCURRENT, RefreshMode.FULL);
    }
}
