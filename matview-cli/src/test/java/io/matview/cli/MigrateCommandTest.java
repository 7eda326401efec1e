package io.matview.cli;

import static io.matview.cli.CommandLineTest.cli;
import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.matview.cli.CommandLineTest.Result;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matview migrate} and {@code matview plan --migration}, end to end. */
class MigrateCommandTest {
    @TempDir
    Path tmp;
    Path views;
    DataSource db;
    String url;
    Path migration;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.fresh();
        url = TestDatabase.url(TestDatabase.databaseName(db));
        execute(db, "create table orders (id int primary key, total int not null, day date not null)",
                "insert into orders values (1, 10, '2026-01-01'), (2, 20, '2026-01-01'), (3, 5, '2026-01-02')");
        views = tmp.resolve("views");
        ViewFiles files = new ViewFiles(views);
        files.write("daily_revenue.sql", """
                -- materialized
                -- unique: day
                select day, sum(total) as revenue from orders group by day
                """);
        files.write("big_days.sql", "select day, revenue from daily_revenue where revenue > 20\n");
        files.write("order_days.sql", "select distinct day from orders\n");
        assertThat(db("apply").code()).isZero();
        migration = Files.writeString(tmp.resolve("V2__total_bigint.sql"), "alter table orders alter column total type bigint;\n");
    }

    Result db(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(List.of("--db", url, "--views", views.toString()));
        return cli(all.toArray(String[]::new));
    }

    @Test
    void migratePrintsTheDetachedViewsWithWhyAndTheReapply() {
        Result r = db("migrate", migration.toString());

        System.out.println(r.out()); // what docs/migrations.md shows
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).startsWith("detach").contains("materialized view",
                "public.daily_revenue", "V2__total_bigint.sql", "total"));
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).startsWith("detach").contains("public.big_days",
                "it reads public.daily_revenue, which is detached"));
        assertThat(r.outLines()).noneMatch(l -> l.contains("order_days"));
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).startsWith("create").contains("public.daily_revenue",
                "re-applied after the migration"));
        assertThat(r.outLines()).last().isEqualTo("migrated 1 migration(s); detached and re-applied 2 view(s)");
        assertThat(queryString(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'orders'::regclass and attname = 'total'")).isEqualTo("bigint");
        assertThat(queryString(db, "select sum(revenue) from big_days")).isEqualTo("30");
        assertThat(db("history", "daily_revenue", "--definitions").outLines())
                .anySatisfy(l -> assertThat(l).startsWith("version 2").endsWith("re-applied by migration V2__total_bigint.sql"));
    }

    @Test
    void planWithAMigrationShowsWhatMigrateWouldDoAndChangesNothing() throws Exception {
        Result r = db("plan", "--migration", migration.toString(), "--json");

        assertThat(r.code()).as(r.err()).isEqualTo(Main.CHANGES_PENDING);
        JsonNode body = new ObjectMapper().readTree(r.out());
        assertThat(body.get("migrations").get(0).asText()).isEqualTo("V2__total_bigint.sql");
        assertThat(body.get("detached")).hasSize(2);
        assertThat(body.get("detached").get(0).get("view").asText()).isEqualTo("public.big_days");
        assertThat(body.get("changes")).hasSize(2);
        assertThat(queryString(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'orders'::regclass and attname = 'total'")).isEqualTo("integer");
    }

    @Test
    void aMissingFileAndAnUnmanagedDependentAreCleanErrors() {
        Result missing = db("migrate", tmp.resolve("nope.sql").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ").contains("nope.sql", "does not exist").doesNotContain("Exception");

        execute(db, "create view adhoc as select total from orders");
        Result blocked = db("migrate", migration.toString());
        System.out.println(blocked.err());
        assertThat(blocked.code()).isEqualTo(1);
        assertThat(blocked.err()).startsWith("error: ").contains("adhoc", "hint:").doesNotContain("Exception");
        assertThat(queryString(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'orders'::regclass and attname = 'total'")).isEqualTo("integer");
    }
}
