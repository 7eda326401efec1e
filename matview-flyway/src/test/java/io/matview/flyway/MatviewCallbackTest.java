package io.matview.flyway;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.Matview;
import io.matview.catalog.DefinitionVersion;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatviewCallbackTest {
    @TempDir
    Path views;
    @TempDir
    Path migrations;
    DataSource db;
    Matview matview;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.fresh();
        write("V1__orders.sql", """
                create table orders (id int primary key, total int not null, day date not null);
                insert into orders values (1, 10, '2026-01-01'), (2, 20, '2026-01-01'), (3, 5, '2026-01-02');
                """);
        flyway(true).migrate();
        ViewFiles files = new ViewFiles(views);
        files.write("daily_revenue.sql", """
                -- materialized
                -- unique: day
                select day, sum(total) as revenue from orders group by day
                """);
        files.write("big_days.sql", "select day, revenue from daily_revenue where revenue > 20\n");
        matview = Matview.configure().dataSource(db).viewsDirectory(views).load();
        matview.apply();
    }

    private void write(String name, String sql) throws Exception {
        Files.writeString(migrations.resolve(name), sql);
    }

    private Flyway flyway(boolean withMatview) {
        var config = Flyway.configure().dataSource(db).locations("filesystem:" + migrations);
        if (withMatview) {
            config.callbacks(new MatviewCallback(Matview.configure().dataSource(db).viewsDirectory(views).load()));
        }
        return config.load();
    }

    private String totalType() {
        return queryString(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'orders'::regclass and attname = 'total'");
    }

    @Test
    void flywayMigrateOfAColumnReadByManagedViewsSucceedsAndTheViewsComeBackWithTheirData() throws Exception {
        write("V2__total_bigint.sql", "alter table orders alter column total type bigint;\n");
        assertThatThrownBy(() -> flyway(false).migrate()).as("without Matview, the views block it")
                .isInstanceOf(FlywayException.class).hasMessageContaining("used by a view or rule");

        flyway(true).migrate();

        assertThat(totalType()).isEqualTo("bigint");
        assertThat(queryString(db, "select string_agg(day || ' ' || revenue, ',' order by day) from daily_revenue"))
                .isEqualTo("2026-01-01 30,2026-01-02 5");
        assertThat(queryLong(db, "select sum(revenue) from big_days")).isEqualTo(30);
        List<DefinitionVersion> history = matview.definitions("daily_revenue");
        assertThat(history.get(history.size() - 1).migrations()).containsExactly("V2__total_bigint.sql");
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void aFlywayMigrationThatFailsRollsTheDetachBackWithIt() throws Exception {
        long oid = queryLong(db, "select 'daily_revenue'::regclass::oid");
        write("V2__half.sql", "alter table orders alter column total type bigint;\ninsert into no_such_table values (1);\n");

        assertThatThrownBy(() -> flyway(true).migrate()).isInstanceOf(RuntimeException.class);

        assertThat(totalType()).isEqualTo("integer");
        assertThat(queryLong(db, "select 'daily_revenue'::regclass::oid")).isEqualTo(oid);
        assertThat(queryLong(db, "select sum(revenue) from big_days")).isEqualTo(30);
        assertThat(matview.definitions("daily_revenue")).hasSize(1);
    }

    @Test
    void migrationsThatNoViewBlocksDetachNothing() throws Exception {
        long oid = queryLong(db, "select 'daily_revenue'::regclass::oid");
        write("V2__note.sql", "alter table orders add column note text;\n");

        flyway(true).migrate();

        assertThat(queryLong(db, "select 'daily_revenue'::regclass::oid")).isEqualTo(oid);
        assertThat(matview.definitions("daily_revenue")).hasSize(1);
    }

    @Test
    void aNewViewReadingATableALaterMigrationCreatesWaitsForTheApplyAfterFlyway() throws Exception {
        write("V2__note.sql", "alter table orders add column note text;\n");
        write("V3__refunds.sql", "create table refunds (order_id int not null, amount int not null);\n"
                + "insert into refunds values (1, 4);\n");
        new ViewFiles(views).write("refunded.sql", "-- materialized\nselect sum(amount) as amount from refunds\n");

        flyway(true).migrate();

        assertThat(queryString(db, "select to_regclass('refunded')::text")).as("not applied between migrations").isNull();
        matview.apply();
        assertThat(queryLong(db, "select amount from refunded")).isEqualTo(4);
    }
}
