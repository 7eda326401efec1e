package io.matview.plan;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.catalog.DefinitionVersion;
import io.matview.internal.catalog.Catalog;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.ViewFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyTest {
    @TempDir
    Path dir;
    DataSource db;
    ViewFiles files;
    Matview matview;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        execute(db, "create table orders (id int primary key, customer text, total int, day date)",
                "insert into orders values (1, 'ann', 10, '2026-01-01'), (2, 'bob', 20, '2026-01-01'), (3, 'ann', 5, '2026-01-02')");
        files = new ViewFiles(dir);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
    }

    private void writeChain() {
        files.write("paid_orders.sql", "select id, customer, total, day from orders where total > 0\n");
        files.write("reporting.daily_revenue.sql", """
                -- materialized
                -- unique: day
                -- index: revenue desc
                -- description: Revenue per day
                select day, sum(total) as revenue, count(*) as order_count
                from paid_orders
                group by day
                """);
        files.write("top_days.sql", "select day, revenue from reporting.daily_revenue order by revenue desc\n");
    }

    private List<String> plannedLines() {
        return matview.plan().changes().stream().map(c -> c.action().label() + " " + c.view()).toList();
    }

    @Test
    void createsViewsInDependencyOrderWithIndexesAndComments() {
        execute(db, "create schema reporting");
        writeChain();

        assertThat(plannedLines()).containsExactly(
                "create public.paid_orders", "create reporting.daily_revenue", "create public.top_days");
        ApplyResult result = matview.apply();

        assertThat(result.plan().changes()).hasSize(3);
        assertThat(result.warnings()).isEmpty();
        assertThat(queryLong(db, "select revenue from top_days limit 1")).isEqualTo(30);
        assertThat(queryString(db, "select relkind from pg_class where oid = 'reporting.daily_revenue'::regclass")).isEqualTo("m");
        assertThat(queryString(db, "select string_agg(indexname, ',' order by indexname) from pg_indexes where tablename = 'daily_revenue'"))
                .isEqualTo("daily_revenue_day_key,daily_revenue_revenue_idx");
        assertThat(queryString(db, "select obj_description('reporting.daily_revenue'::regclass)")).isEqualTo("Revenue per day");
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void planMatchesWhatApplyDoesForEveryKindOfChange() {
        execute(db, "create schema reporting");
        writeChain();
        matview.apply();

        // plain view, columns appended: CREATE OR REPLACE keeps dependents
        files.write("paid_orders.sql", "select id, customer, total, day, total * 2 as doubled from orders where total > 0\n");
        // description and refresh policy only: no rebuild
        files.write("reporting.daily_revenue.sql", """
                -- materialized
                -- unique: day
                -- index: revenue desc
                -- refresh: every 10 minutes
                -- description: Revenue per calendar day
                select day, sum(total) as revenue, count(*) as order_count
                from paid_orders
                group by day
                """);
        Plan plan = matview.plan();
        // issue 9: the materialized view reads the replaced view, so its change in place comes with a refresh
        assertThat(plan.changes()).extracting(Change::action, c -> c.view().toString()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Action.REPLACE, "public.paid_orders"),
                org.assertj.core.groups.Tuple.tuple(Action.REFRESH, "reporting.daily_revenue"));
        assertThat(plan.changes().get(1).reason()).contains("its description changed")
                .contains("its refresh policy changed (manual -> every 10 minutes)")
                .contains("it reads public.paid_orders, whose SQL changed");
        matview.apply();
        assertThat(queryString(db, "select obj_description('reporting.daily_revenue'::regclass)")).isEqualTo("Revenue per calendar day");

        // plain view, a column removed: CREATE OR REPLACE would refuse, so it and everything reading it is rebuilt
        files.write("paid_orders.sql", "select id, total, day from orders where total > 0\n");
        plan = matview.plan();
        assertThat(plan.changes()).extracting(c -> c.action().label() + " " + c.view()).containsExactly(
                "rebuild public.paid_orders", "rebuild reporting.daily_revenue", "rebuild public.top_days");
        assertThat(plan.changes().get(0).reason()).contains("its columns changed (id integer, customer text, total integer, day date, doubled integer -> id integer, total integer, day date)");
        assertThat(plan.changes().get(1).reason()).isEqualTo("it reads public.paid_orders, which is rebuilt");
        matview.apply();
        assertThat(queryLong(db, "select count(*) from top_days")).isEqualTo(2);

        // an index change rebuilds the materialized view
        files.write("reporting.daily_revenue.sql", """
                -- materialized
                -- unique: day
                -- index: order_count
                select day, sum(total) as revenue, count(*) as order_count
                from paid_orders
                group by day
                """);
        assertThat(matview.plan().changes().get(0).reason()).contains("its indexes changed");
        matview.apply();
        assertThat(queryString(db, "select string_agg(indexname, ',' order by indexname) from pg_indexes where tablename = 'daily_revenue'"))
                .isEqualTo("daily_revenue_day_key,daily_revenue_order_count_idx");
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void planIsReadOnlyAndCreatesNoCatalog() {
        writeChain();
        execute(db, "create schema reporting");
        assertThat(matview.plan().changes()).hasSize(3);
        assertThat(queryString(db, "select to_regnamespace('matview')::text")).isNull();
        assertThat(queryString(db, "select to_regclass('public.paid_orders')::text")).isNull();
    }

    @Test
    void failureInTheMiddleLeavesTheDatabaseExactlyAsBefore() {
        execute(db, "create schema reporting");
        writeChain();
        matview.apply();
        String before = snapshot();

        files.write("paid_orders.sql", "select id, total, day from orders where total > 1\n");
        files.write("top_days.sql", "select day,\n       revenue,\n       no_such_column\nfrom reporting.daily_revenue\n");

        assertThatThrownBy(() -> matview.apply())
                .isInstanceOf(ViewFileException.class)
                .hasMessageContaining("top_days.sql:3")
                .hasMessageContaining("no_such_column")
                .hasMessageContaining("nothing was applied");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void failedFirstApplyLeavesNoCatalogBehind() {
        files.write("a.sql", "select 1 as x\n");
        files.write("b.sql", "select x from a join missing_table on true\n");
        assertThatThrownBy(() -> matview.apply()).hasMessageContaining("b.sql:1").hasMessageContaining("missing_table");
        assertThat(queryString(db, "select to_regnamespace('matview')::text")).isNull();
        assertThat(queryString(db, "select to_regclass('public.a')::text")).isNull();
    }

    private String snapshot() {
        return queryString(db, """
                select string_agg(format('%s.%s %s %s', n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid)), E'\\n' order by 1)
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where c.relkind in ('v', 'm') and n.nspname in ('public', 'reporting')
                """) + queryString(db, "select string_agg(format('%s %s %s', view_name, version, definition_hash), ',' order by 1) from matview.managed_view")
                + queryString(db, "select count(*) from matview.definition");
    }

    @Test
    void dropsOnlyWithAllowDropAndKeepsTheHistory() {
        files.write("a.sql", "select 1 as x\n");
        files.write("b.sql", "select x from a\n");
        matview.apply();
        files.delete("b.sql");

        assertThat(plannedLines()).containsExactly("drop public.b");
        // the core names no CLI flag (issue 10): the CLI words the hint as --allow-drop (CommandLineTest)
        assertThatThrownBy(() -> matview.apply()).isInstanceOfSatisfying(MatviewException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DROP_NOT_ALLOWED);
            assertThat(e.getMessage()).contains("drops public.b").contains("allow drops").doesNotContain("--");
        });
        assertThat(queryString(db, "select to_regclass('public.b')::text")).isEqualTo("b");

        matview.apply(ApplyOption.ALLOW_DROP);
        assertThat(queryString(db, "select to_regclass('public.b')::text")).isNull();
        assertThat(matview.definitions("b")).hasSize(1);
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void refusesToDropOrRebuildBeneathAnUnmanagedDependent() {
        files.write("a.sql", "-- materialized\nselect 1 as x\n");
        matview.apply();
        execute(db, "create view hand_made as select x from a");
        files.write("a.sql", "-- materialized\nselect 2 as x\n");

        assertThatThrownBy(() -> matview.plan())
                .hasMessageContaining("view public.hand_made depends on public.a (rebuild)")
                .hasMessageContaining("never drops what it does not manage");
        assertThatThrownBy(() -> matview.apply()).hasMessageContaining("hand_made");
        assertThat(queryLong(db, "select x from hand_made")).isEqualTo(1);
    }

    @Test
    void neverTouchesAnUnmanagedObjectOfTheSameName() {
        execute(db, "create table a (x int)");
        files.write("a.sql", "select 1 as x\n");
        assertThatThrownBy(() -> matview.plan())
                .hasMessageContaining("public.a already exists and is not managed by Matview");
    }

    @Test
    void keepsGrantsAcrossARebuild() {
        execute(db, "create role report_reader");
        files.write("a.sql", "-- materialized\nselect 1 as x\n");
        matview.apply();
        execute(db, "grant select on a to report_reader");
        files.write("a.sql", "-- materialized\nselect 2 as x\n");
        matview.apply();
        assertThat(queryString(db, "select has_table_privilege('report_reader', 'public.a', 'select')")).isEqualTo("t");
    }

    @Test
    void recordsEveryVersionAndRestoresAnOldOne() {
        files.write("a.sql", "-- materialized\nselect 1 as x\n");
        matview.apply();
        files.write("a.sql", "-- materialized\nselect 2 as x\n");
        matview.apply();

        List<DefinitionVersion> versions = matview.definitions("public.a");
        assertThat(versions).extracting(DefinitionVersion::version).containsExactly(1, 2);
        assertThat(versions.get(0).query()).isEqualTo("select 1 as x");
        assertThat(matview.diff("a", 1, 2)).contains("-select 1 as x").contains("+select 2 as x");
        assertThat(matview.diff("a")).isEmpty();

        matview.restore("a", 1);
        assertThat(matview.diff("a")).contains("-select 2 as x").contains("+select 1 as x");
        matview.apply();
        assertThat(queryLong(db, "select x from a")).isEqualTo(1);
        assertThat(matview.definitions("a")).extracting(DefinitionVersion::version).containsExactly(1, 2, 3);
    }

    @Test
    void recreatesAManagedViewDroppedOutsideMatview() {
        files.write("a.sql", "select 1 as x\n");
        matview.apply();
        execute(db, "drop view a");
        assertThat(matview.plan().changes()).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("missing from the database"));
        matview.apply();
        assertThat(queryLong(db, "select x from a")).isEqualTo(1);
    }

    @Test
    void warnsWhenTheDependenciesFoundDifferFromPgDepend() {
        files.write("a.sql", "select 1 as x\n");
        // "a" here is a column of the subquery, not the view: Matview cannot tell, PostgreSQL can
        files.write("b.sql", "select a from (select 2 as a) t\n");
        ApplyResult result = matview.apply();
        assertThat(result.warnings()).singleElement().asString()
                .contains("Matview found public.a in the SQL of public.b, but PostgreSQL records no such dependency");
    }

    @Test
    void givesUpOnALockInsteadOfQueueingBehindLongReads() throws Exception {
        files.write("a.sql", "-- materialized\nselect 1 as x\n");
        matview.apply();
        files.write("a.sql", "-- materialized\nselect 2 as x\n");
        Matview impatient = Matview.configure().dataSource(db).viewsDirectory(dir).lockTimeout(Duration.ofMillis(300)).load();
        try (var reader = db.getConnection()) {
            reader.setAutoCommit(false);
            reader.createStatement().executeQuery("select * from a").close();
            assertThatThrownBy(impatient::apply).isInstanceOfSatisfying(MatviewException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
                assertThat(e.getMessage()).contains("lock").contains("raise the lock timeout").doesNotContain("--");
            });
            reader.rollback();
        }
        assertThat(queryLong(db, "select x from a")).isEqualTo(1);
    }

    @Test
    void refusesToDropAViewThatAnotherViewFileStillReads() {
        files.write("a.sql", "select 1 as x\n");
        files.write("b.sql", "select x from a\n");
        matview.apply();
        files.delete("a.sql");

        assertThatThrownBy(() -> matview.plan())
                .hasMessageContaining("public.b reads public.a, whose file")
                .hasMessageContaining("version 1 of public.a in the history of definitions")
                .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VIEW_SET));
        assertThat(queryLong(db, "select x from b")).isEqualTo(1);
    }

    @Test
    void anExpressionIndexInParenthesesIsBuilt() {
        files.write("a.sql", "-- materialized\n-- index: (x + y)\n-- index: (x, y desc)\nselect 1 as x, 2 as y\n");
        matview.apply();
        assertThat(queryString(db, "select string_agg(indexdef, ' | ' order by indexname) from pg_indexes where tablename = 'a'"))
                .contains("((x + y))").contains("(x, y DESC)");
    }

    @Test
    void viewFilesInReservedSchemasAreRefusedBeforeAnythingIsApplied() {
        files.write("a.sql", "select 1 as x\n");
        files.write(Catalog.SCHEMA + ".x.sql", "select 1 as x\n");
        assertThatThrownBy(() -> matview.apply()).isInstanceOf(ViewFileException.class)
                .hasMessageContaining(Catalog.SCHEMA + ".x.sql").hasMessageContaining("Matview's own catalog schema");
        files.delete(Catalog.SCHEMA + ".x.sql");

        files.write("pg_temp.x.sql", "select 1 as x\n");
        assertThatThrownBy(() -> matview.plan()).isInstanceOf(ViewFileException.class)
                .hasMessageContaining("pg_temp.x.sql").hasMessageContaining("temporary schema");
        assertThat(queryString(db, "select to_regclass('public.a')::text")).isNull();
    }

    @Test
    void nulByteInAViewFileIsAFileErrorNotADriverFailure() {
        files.write("a.sql", "select 1 as x\n");
        files.write("b.sql", "select x,\n       'oops\0' as y\nfrom a\n");

        assertThatThrownBy(() -> matview.apply()).isInstanceOfSatisfying(ViewFileException.class, e -> {
            assertThat(e.where()).endsWith("b.sql:2");
            assertThat(e.what()).contains("NUL byte (0x00) at column 13");
        });
        assertThat(queryString(db, "select to_regnamespace('matview')::text")).isNull();
    }

    @Test
    void aRefreshThatBreaksTheUniqueKeyFailsNamingTheViewAndAppliesNothing() {
        files.write("paid_orders.sql", "select id, customer, total, day from orders where total > 0\n");
        files.write("per_customer.sql", "-- materialized\n-- unique: id\nselect id, customer from paid_orders\n");
        matview.apply();
        // still the same columns, but now two rows per order
        files.write("paid_orders.sql", "select id, customer, total, day from orders, generate_series(1, 2) where total > 0\n");
        String before = snapshot();

        assertThatThrownBy(() -> matview.apply()).isInstanceOfSatisfying(ViewFileException.class, e -> {
            assertThat(e.where()).endsWith("per_customer.sql");
            assertThat(e.what()).contains("could not refresh public.per_customer")
                    .contains("it reads public.paid_orders, whose SQL changed");
        });
        assertThat(snapshot()).isEqualTo(before);
    }
}
