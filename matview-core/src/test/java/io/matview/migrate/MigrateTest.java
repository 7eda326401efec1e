package io.matview.migrate;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.catalog.DefinitionVersion;
import io.matview.plan.ConcurrentReaders;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.ViewFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateTest {
    /** Tables, views (with their oids), column types, data and catalog: "everything as before" compares this. */
    private static final String FINGERPRINT = """
            select concat_ws(' | ',
              (select string_agg(format('%s.%s %s %s', n.nspname, c.relname, c.relkind, c.oid), ',' order by 1)
                 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname in ('public', 'matview') and c.relkind in ('r', 'v', 'm', 'i')),
              (select string_agg(format('%s.%s %s', attrelid::regclass, attname, format_type(atttypid, atttypmod)), ',' order by 1)
                 from pg_attribute where attrelid in ('orders'::regclass) and attnum > 0 and not attisdropped),
              (select string_agg(o::text, ',' order by id) from orders o),
              (select string_agg(d::text, ',' order by 1) from (select schema_name, view_name, version, definition_hash, migrations
                 from matview.definition) d),
              (select string_agg(m::text, ',' order by 1) from (select schema_name, view_name, version, generation
                 from matview.managed_view) m))
            """;

    @TempDir
    Path dir;
    @TempDir
    Path migrations;
    DataSource db;
    ViewFiles files;
    Matview matview;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        execute(db, "create table orders (id int primary key, customer text, total int, day date)",
                "insert into orders values (1, 'ann', 10, '2026-01-01'), (2, 'bob', 20, '2026-01-01'), (3, 'ann', 5, '2026-01-02')",
                "do $$ begin if not exists (select from pg_roles where rolname = 'migrate_reader') then "
                        + "create role migrate_reader; end if; end $$");
        files = new ViewFiles(dir);
        // a chain above orders.total: view -> materialized view -> view
        files.write("paid_orders.sql", "select id, customer, total, day from orders where total > 0\n");
        files.write("daily_revenue.sql", """
                -- materialized
                -- unique: day
                -- index: revenue desc
                -- description: Revenue per day
                select day, sum(total) as revenue, count(*) as order_count
                from paid_orders
                group by day
                """);
        files.write("top_days.sql", "select day, revenue from daily_revenue order by revenue desc\n");
        // reads orders, but not the column the migrations change
        files.write("customers.sql", """
                -- materialized
                -- unique: customer
                select customer, count(*) as orders from orders group by customer
                """);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        matview.apply();
        execute(db, "grant select on daily_revenue to migrate_reader");
    }

    private Path migration(String name, String sql) {
        try {
            return Files.writeString(migrations.resolve(name), sql);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> detachedNames(MigrationResult result) {
        return result.detached().stream().map(d -> d.view().toString()).toList();
    }

    @Test
    void columnTypeChangeDetachesTheChainAboveItAndBringsItBackWithDataIndexesGrantsAndComments() {
        MigrationResult result = matview.migrate(migration("V2__total_bigint.sql",
                "alter table orders alter column total type bigint;\n"));

        assertThat(detachedNames(result)).containsExactly("public.daily_revenue", "public.paid_orders", "public.top_days");
        assertThat(result.detached()).filteredOn(d -> d.view().name().equals("paid_orders")).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("paid_orders").contains("total"));
        assertThat(result.detached()).filteredOn(d -> d.view().name().equals("daily_revenue")).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("it reads public.paid_orders, which is detached"));
        assertThat(queryString(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'paid_orders'::regclass and attname = 'total'")).isEqualTo("bigint");
        assertThat(queryString(db, "select string_agg(day || ' ' || revenue, ',' order by day) from top_days"))
                .isEqualTo("2026-01-01 30,2026-01-02 5");
        assertThat(queryString(db, "select string_agg(indexname, ',' order by indexname) from pg_indexes where tablename = 'daily_revenue'"))
                .isEqualTo("daily_revenue_day_key,daily_revenue_revenue_idx");
        assertThat(queryString(db, "select obj_description('daily_revenue'::regclass)")).isEqualTo("Revenue per day");
        assertThat(queryString(db, "select has_table_privilege('migrate_reader', 'daily_revenue', 'select')")).isEqualTo("t");
        List<DefinitionVersion> history = matview.definitions("daily_revenue");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).migrations()).isEmpty();
        assertThat(history.get(1).migrations()).containsExactly("V2__total_bigint.sql");
        assertThat(history.get(1).definitionHash()).isEqualTo(history.get(0).definitionHash());
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void aManagedViewThatDoesNotReadTheChangedColumnKeepsItsDataAndIsNotRebuilt() {
        execute(db, "insert into orders values (4, 'cid', 7, '2026-01-03')"); // not yet in the materialized view
        long oid = queryLong(db, "select 'customers'::regclass::oid");
        String generation = queryString(db, "select generation from matview.managed_view where view_name = 'customers'");

        MigrationResult result = matview.migrate(migration("V2__total_bigint.sql", "alter table orders alter column total type bigint"));

        assertThat(detachedNames(result)).doesNotContain("public.customers");
        assertThat(result.apply().plan().changes()).noneMatch(ch -> ch.view().name().equals("customers"));
        assertThat(queryLong(db, "select 'customers'::regclass::oid")).isEqualTo(oid);
        assertThat(queryString(db, "select generation from matview.managed_view where view_name = 'customers'")).isEqualTo(generation);
        assertThat(queryString(db, "select string_agg(customer, ',' order by customer) from customers")).isEqualTo("ann,bob");
        assertThat(matview.definitions("customers")).hasSize(1);
    }

    /** paid_orders reads a column {@code note} that the test's migration drops. */
    private void readNote() {
        execute(db, "alter table orders add column note text");
        files.write("paid_orders.sql", "select id, customer, total, day, note from orders where total > 0\n");
        matview.apply();
    }

    @Test
    void aColumnDropGoesInWithTheViewFileEditedForIt() {
        readNote();
        files.write("paid_orders.sql", "select id, customer, total, day from orders where total > 0\n");

        MigrationResult result = matview.migrate(migration("V3__drop_note.sql", "alter table orders drop column note;"));

        assertThat(detachedNames(result)).contains("public.paid_orders");
        assertThat(queryString(db, "select string_agg(attname, ',' order by attnum) from pg_attribute "
                + "where attrelid = 'paid_orders'::regclass and attnum > 0")).isEqualTo("id,customer,total,day");
        assertThat(queryLong(db, "select sum(revenue) from daily_revenue")).isEqualTo(35);
        List<DefinitionVersion> history = matview.definitions("paid_orders");
        assertThat(history.get(history.size() - 1).query()).doesNotContain("note");
        assertThat(history.get(history.size() - 1).migrations()).containsExactly("V3__drop_note.sql");
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void aColumnDropThatAViewFileStillReadsFailsNamingTheFileAndChangesNothing() {
        readNote();
        String before = queryString(db, FINGERPRINT);

        assertThatThrownBy(() -> matview.migrate(migration("V3__drop_note.sql", "alter table orders drop column note;")))
                .isInstanceOfSatisfying(ViewFileException.class, e -> {
                    assertThat(e.file().getFileName().toString()).isEqualTo("paid_orders.sql");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.what()).contains("note");
                });
        assertThat(queryString(db, FINGERPRINT)).isEqualTo(before);
    }

    @Test
    void aTableRenameSucceedsWhenTheFilesFollowIt() {
        files.write("paid_orders.sql", "select id, customer, total, day from purchases where total > 0\n");
        files.write("customers.sql", """
                -- materialized
                -- unique: customer
                select customer, count(*) as orders from purchases group by customer
                """);

        MigrationResult result = matview.migrate(migration("V4__rename.sql", "alter table orders rename to purchases"));

        assertThat(result.detached()).isEmpty(); // views follow a renamed table by oid: nothing blocks
        assertThat(queryString(db, "select string_agg(customer || ' ' || orders, ',' order by customer) from customers"))
                .isEqualTo("ann 2,bob 1");
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void aTableRenameFailsNamingEachFileThatStillNamesTheOldTable() {
        execute(db, "alter table orders rename to purchases", "alter table purchases rename to orders");
        String before = queryString(db, FINGERPRINT);

        assertThatThrownBy(() -> matview.migrate(migration("V4__rename.sql", "alter table orders rename to purchases")))
                .isInstanceOfSatisfying(ViewFileException.class, e -> {
                    assertThat(e.file().getFileName().toString()).isIn("paid_orders.sql", "customers.sql");
                    assertThat(e.what()).contains("\"orders\" does not exist").contains("after the table migration");
                    assertThat(e.hint()).contains("renamed or dropped");
                });
        assertThat(queryString(db, FINGERPRINT)).isEqualTo(before);
    }

    @Test
    void aDroppedTableThatAViewStillReadsFailsNamingTheFile() {
        execute(db, "create table old_orders (id int)");
        files.write("old.sql", "select id from old_orders\n");
        matview.apply();
        String before = queryString(db, FINGERPRINT);

        assertThatThrownBy(() -> matview.migrate(migration("V5__drop_old.sql", "drop table old_orders;")))
                .isInstanceOfSatisfying(ViewFileException.class, e -> {
                    assertThat(e.file().getFileName().toString()).isEqualTo("old.sql");
                    assertThat(e.what()).contains("old_orders");
                });
        assertThat(queryString(db, FINGERPRINT)).isEqualTo(before);
        assertThat(queryString(db, "select to_regclass('old_orders') is not null")).isEqualTo("t");
    }

    @Test
    void aMigrationThatFailsHalfwayLeavesTablesViewsDataAndCatalogAsBefore() {
        String before = queryString(db, FINGERPRINT);

        assertThatThrownBy(() -> matview.migrate(migration("V6__half.sql", """
                alter table orders alter column total type bigint;
                update orders set total = total * 100;
                insert into no_such_table values (1);
                """))).isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                    assertThat(e.where()).isEqualTo("V6__half.sql:3");
                    assertThat(e.what()).contains("no_such_table");
                });
        assertThat(queryString(db, FINGERPRINT)).isEqualTo(before);
    }

    @Test
    void anUnmanagedDependentIsRefusedNamedAndNothingChanges() {
        execute(db, "create view adhoc as select id, total from orders");
        String before = queryString(db, FINGERPRINT);

        assertThatThrownBy(() -> matview.migrate(migration("V2__total_bigint.sql", "alter table orders alter column total type bigint")))
                .isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNMANAGED_OBJECT);
                    assertThat(e.what()).contains("adhoc");
                    assertThat(e.hint()).contains("never uses CASCADE");
                });
        assertThat(queryString(db, FINGERPRINT)).isEqualTo(before);
    }

    @Test
    void anUnmanagedViewAboveADetachedOneIsRefusedNamed() {
        execute(db, "create view adhoc_top as select * from daily_revenue");
        String before = queryString(db, FINGERPRINT);

        assertThatThrownBy(() -> matview.migrate(migration("V2__total_bigint.sql", "alter table orders alter column total type bigint")))
                .isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNMANAGED_OBJECT);
                    assertThat(e.what()).contains("adhoc_top");
                });
        assertThat(queryString(db, FINGERPRINT)).isEqualTo(before);
    }

    @Test
    void readersOfADetachedMaterializedViewWaitAndThenReadTheNewOneWithoutErrors() throws Exception {
        execute(db, "insert into orders select g, 'c' || (g % 50), g % 97, date '2026-01-01' + (g % 300) "
                + "from generate_series(10, 200000) g");
        matview.refresh("daily_revenue");
        long expected = queryLong(db, "select sum(revenue) from daily_revenue");
        MigrationResult result;
        ConcurrentReaders readers = new ConcurrentReaders(db, "select sum(revenue), count(*) from daily_revenue", 4);
        try (readers) {
            result = readers.during(() -> matview.migrate(migration("V2__total_bigint.sql",
                    "alter table orders alter column total type bigint")));
        }
        assertThat(detachedNames(result)).contains("public.daily_revenue");
        assertThat(readers.errors()).isEmpty();
        assertThat(readers.seen()).allMatch(row -> row.startsWith(expected + " "));
        System.out.printf("migrate with readers: %d reads, 0 errors, migrate took %d ms, longest read %d ms (PostgreSQL %s)%n",
                readers.reads(), readers.applyNanos() / 1_000_000, readers.longestWaitNanos() / 1_000_000,
                TestDatabase.serverVersion());
    }

    @Test
    void worksThroughThePoolMatviewOpensForAUrlWhichTakesTheBlockedMigrationForABrokenConnection() {
        try (Matview pooled = Matview.configure().url(TestDatabase.url(TestDatabase.databaseName(db)), null, null)
                .viewsDirectory(dir).load()) {
            MigrationResult result = pooled.migrate(migration("V2__total_bigint.sql", "alter table orders alter column total type bigint"));
            assertThat(detachedNames(result)).contains("public.paid_orders");
        }
        assertThat(queryLong(db, "select sum(revenue) from daily_revenue")).isEqualTo(35);
    }

    @Test
    void onTheCallersConnectionTheCallersTransactionDecides() throws Exception {
        String before = queryString(db, FINGERPRINT);
        Migration bigint = new Migration("V2__total_bigint.sql", "alter table orders alter column total type bigint");
        try (java.sql.Connection c = db.getConnection()) {
            assertThatThrownBy(() -> matview.migrate(c, List.of(bigint)))
                    .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION));
            c.setAutoCommit(false);
            assertThat(detachedNames(matview.migrate(c, List.of(bigint)))).contains("public.paid_orders");
            c.rollback();
            assertThat(queryString(db, FINGERPRINT)).isEqualTo(before);
            matview.migrate(c, List.of(bigint));
            c.commit();
        }
        assertThat(queryString(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'paid_orders'::regclass and attname = 'total'")).isEqualTo("bigint");
    }

    @Test
    void planMigrationShowsWhatWouldBeDetachedAndChangesNothing() {
        String before = queryString(db, FINGERPRINT);

        MigrationResult preview = matview.planMigration(List.of(Migration.read(migration("V2__total_bigint.sql",
                "alter table orders alter column total type bigint"))));

        assertThat(detachedNames(preview)).containsExactly("public.daily_revenue", "public.paid_orders", "public.top_days");
        assertThat(preview.toString()).contains("detach   view               public.paid_orders  (V2__total_bigint.sql: PostgreSQL: ");
        assertThat(preview.toString()).contains("re-applied after the migration");
        assertThat(queryString(db, FINGERPRINT)).isEqualTo(before);
    }

    @Test
    void migrationsRunInTheOrderGivenAndTheHistoryNamesThemAll() {
        matview.migrate(migration("V2__total_bigint.sql", "alter table orders alter column total type bigint"),
                migration("V3__total_numeric.sql", "alter table orders alter column total type numeric(12,2)"));

        assertThat(queryString(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'paid_orders'::regclass and attname = 'total'")).isEqualTo("numeric(12,2)");
        List<DefinitionVersion> history = matview.definitions("paid_orders");
        assertThat(history.get(history.size() - 1).migrations()).containsExactly("V2__total_bigint.sql", "V3__total_numeric.sql");
    }

    @Test
    void theHistoryOfACatalogFromTheReleaseBeforeReadsThroughTheUpgradeWithoutKeepingIt() {
        // the release before had catalog version 2: undo V3 (migrations), V4 (incremental views), V5 (source writes)
        execute(db, "drop table matview.incremental_pending, matview.incremental, matview.source_writes",
                "alter table matview.definition drop column migrations", "delete from matview.catalog_version where version >= 3");

        assertThat(matview.definitions("paid_orders")).singleElement().satisfies(d -> assertThat(d.migrations()).isEmpty());
        assertThat(queryLong(db, "select max(version) from matview.catalog_version")).isEqualTo(2);
        matview.migrate(migration("V2__total_bigint.sql", "alter table orders alter column total type bigint"));
        assertThat(matview.definitions("paid_orders").get(1).migrations()).containsExactly("V2__total_bigint.sql");
    }

    @Test
    void missingUnreadableAndHostileMigrationFilesGiveClearErrors() throws Exception {
        assertThatThrownBy(() -> matview.migrate(migrations.resolve("nope.sql")))
                .isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FILE);
                    assertThat(e.what()).contains("nope.sql").contains("does not exist");
                });
        assertThatThrownBy(() -> matview.migrate(migrations))
                .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.what()).contains("is not a file"));
        Path latin1 = migrations.resolve("latin1.sql");
        Files.write(latin1, "update orders set customer = 'Jos\u00e9'".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> matview.migrate(latin1))
                .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.what()).contains("is not UTF-8"));
        assertThatThrownBy(() -> matview.migrate(migration("V7__commit.sql", "update orders set total = 0;\ncommit;\n")))
                .isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FILE);
                    assertThat(e.where()).isEqualTo("V7__commit.sql:2");
                });
        assertThatThrownBy(() -> matview.migrate(migration("V8__open.sql", "update orders set customer = 'x")))
                .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FILE));
        assertThatThrownBy(() -> matview.migrate(List.of()))
                .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOTHING_TO_DO));
        assertThat(queryLong(db, "select sum(total) from orders")).isEqualTo(35);

        // a file name is only ever a name: recorded as written, never run
        String hostile = "V9__x'); drop table orders; --\"\u00e9.sql";
        matview.migrate(migration(hostile, "alter table orders alter column total type bigint"));
        assertThat(matview.definitions("paid_orders").get(1).migrations()).containsExactly(hostile);
        assertThat(queryLong(db, "select count(*) from orders")).isEqualTo(3);
    }
}
