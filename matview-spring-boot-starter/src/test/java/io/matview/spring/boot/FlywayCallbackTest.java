package io.matview.spring.boot;

import static io.matview.spring.boot.StartupTest.cause;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.catalog.DefinitionVersion;
import io.matview.flyway.MatviewCallback;
import io.matview.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Flyway migrations that the managed views would block run at start-up, the views detached and re-applied. */
class FlywayCallbackTest {
    @TempDir
    Path views;
    @TempDir
    Path migrations;
    DataSource db;

    @BeforeEach
    void firstStart() throws IOException {
        db = TestDatabase.fresh();
        migration("V1__plans.sql", """
                create table plans (id int primary key, region text not null, seats int not null);
                insert into plans values (1, 'eu', 10), (2, 'eu', 20), (3, 'us', 5);
                """);
        Contexts.viewsLocation(views, "plan_seats.sql", """
                -- materialized
                -- unique: region
                select region, sum(seats) as seats from plans group by region
                """);
        context().run(context -> assertThat(context).hasNotFailed());
    }

    private ApplicationContextRunner context() {
        return Contexts.over(db)
                .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
                .withPropertyValues("spring.flyway.locations=filesystem:" + migrations,
                        "matview.views-location=filesystem:" + views);
    }

    private void migration(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private String seats() {
        return TestDatabase.queryString(db, "select string_agg(region || ' ' || seats, ',' order by region) from plan_seats");
    }

    private String seatsType() {
        return TestDatabase.queryString(db, "select format_type(atttypid, atttypmod) from pg_attribute "
                + "where attrelid = 'plans'::regclass and attname = 'seats'");
    }

    @Test
    void aMigrationThatAltersAColumnAViewReadsRunsAtStartUpAndTheViewComesBackWithItsData() throws IOException {
        migration("V2__seats_bigint.sql", "alter table plans alter column seats type bigint;\n");

        context().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MatviewCallback.class);
            List<DefinitionVersion> history = context.getBean(Matview.class).definitions("plan_seats");
            assertThat(history.get(history.size() - 1).migrations()).containsExactly("V2__seats_bigint.sql");
        });

        assertThat(seatsType()).isEqualTo("bigint");
        assertThat(seats()).isEqualTo("eu 30,us 5");
    }

    @Test
    void withTheCallbackOffTheViewBlocksTheMigrationAndStartUpFailsSayingHow() throws IOException {
        migration("V2__seats_bigint.sql", "alter table plans alter column seats type bigint;\n");

        context().withPropertyValues("matview.flyway-callback.enabled=false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(cause(context.getStartupFailure(), FlywayException.class)).isNotNull();
            Throwable blocked = cause(context.getStartupFailure(), SQLException.class);
            assertThat(blocked).hasMessageContaining("cannot alter type of a column used by a view or rule");
            FailureAnalysis analysis = new MatviewFlywayFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("V2__seats_bigint.sql").contains("plan_seats");
            assertThat(analysis.getAction()).contains("matview.flyway-callback.enabled");
        });

        assertThat(seatsType()).isEqualTo("integer");
        assertThat(seats()).isEqualTo("eu 30,us 5");
    }

    @Test
    void migrationsNoViewBlocksLeaveTheViewsToTheApplyAfterFlyway() throws IOException {
        // on a fresh database, a view reads a table that the last migration creates and fills
        db = TestDatabase.fresh();
        migration("V2__regions.sql", """
                create table regions (code text primary key, name text not null);
                insert into regions values ('eu', 'Europe'), ('us', 'United States');
                """);
        Contexts.viewsLocation(views, "region_seats.sql", """
                -- materialized
                -- unique: name
                select r.name, sum(p.seats) as seats from plans p join regions r on r.code = p.region group by r.name
                """);

        context().run(context -> assertThat(context).hasNotFailed());

        assertThat(TestDatabase.queryString(db, "select string_agg(name || ' ' || seats, ',' order by name) from region_seats"))
                .isEqualTo("Europe 30,United States 5");
    }

    @Test
    void withoutMatviewFlywayOnTheClasspathThereIsNoCallback() {
        Contexts.over(TestDatabase.fresh()).withClassLoader(new FilteredClassLoader(MatviewCallback.class))
                .withPropertyValues("matview.on-startup=none")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MatviewCallback.class));
    }
}
