package io.matview.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.testing.TestDatabase;
import io.matview.view.ViewFileException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Start-up: the apply after Flyway (or alone), validate, and failures reported with file, line and fix. */
class StartupTest {
    @TempDir
    Path dir;

    /** A bean that reads a view when it is created, as a cache warmer or report service would. */
    static final class PlanReader {
        final long regions;

        PlanReader(DataSource db) {
            this.regions = TestDatabase.queryLong(db, "select count(*) from plan_totals");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReaderConfiguration {
        @Bean
        @DependsOnDatabaseInitialization
        PlanReader planReader(DataSource db) {
            return new PlanReader(db);
        }
    }

    @Test
    void withFlywayTheViewsAreAppliedAfterTheMigrationsAndBeforeTheBeansThatReadThem() {
        DataSource db = TestDatabase.fresh();
        Contexts.over(db)
                .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
                .withUserConfiguration(ReaderConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PlanReader.class).regions).isEqualTo(2);
                    assertThat(context.getBeanFactory().getBeanDefinition("matviewInitializer").getDependsOn())
                            .contains("flywayInitializer");
                });
    }

    @Test
    void withoutFlywayOnTheClasspathTheViewsAreAppliedFromClasspathDbViews() {
        DataSource db = Contexts.withPlans();
        Contexts.over(db)
                .withClassLoader(new FilteredClassLoader(Flyway.class))
                .withUserConfiguration(ReaderConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PlanReader.class).regions).isEqualTo(2);
                    assertThat(context.getBean(Matview.class).viewFiles()).extracting(v -> v.file().toString())
                            .containsExactly("classpath:db/views/plan_totals.sql");
                });
    }

    @Test
    void validateFailsStartUpWithThePlanAndChangesNothing() {
        DataSource db = Contexts.withPlans();
        Contexts.over(db).withPropertyValues("matview.on-startup=validate").run(context -> {
            assertThat(context).hasFailed();
            MatviewException e = cause(context.getStartupFailure(), MatviewException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.PLAN_PENDING);
            FailureAnalysis analysis = new MatviewFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("the database differs from the view files")
                    .contains("create").contains("public.plan_totals");
            assertThat(analysis.getAction()).contains("apply");
        });
        assertThat(TestDatabase.queryString(db, "select to_regclass('public.plan_totals')::text")).isNull();
    }

    @Test
    void validatePassesOnceApplied() {
        DataSource db = Contexts.withPlans();
        Contexts.over(db).run(context -> assertThat(context).hasNotFailed());
        Contexts.over(db).withPropertyValues("matview.on-startup=validate").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void noneTouchesNothing() {
        DataSource db = Contexts.withPlans();
        Contexts.over(db).withPropertyValues("matview.on-startup=none").run(context -> assertThat(context).hasNotFailed());
        assertThat(TestDatabase.queryString(db, "select to_regclass('public.plan_totals')::text")).isNull();
    }

    @Test
    void aViewFileWithAnErrorFailsStartUpWithItsFileLineAndFix() {
        String location = Contexts.viewsLocation(dir, "broken.sql", "-- materialized\n-- refresh: every fortnight\nselect 1 as x\n");
        Contexts.over(Contexts.withPlans()).withPropertyValues(location).run(context -> {
            assertThat(context).hasFailed();
            assertThat(cause(context.getStartupFailure(), ViewFileException.class)).isNotNull();
            FailureAnalysis analysis = new MatviewFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("where: " + dir.resolve("broken.sql") + ":2").contains("fortnight");
            assertThat(analysis.getAction()).contains(dir.resolve("broken.sql") + ":2");
        });
    }

    @Test
    void aDependentObjectMatviewDoesNotManageFailsTheRebuildWithTheFix() {
        DataSource db = Contexts.withPlans();
        Contexts.over(db).run(context -> assertThat(context).hasNotFailed());
        TestDatabase.execute(db, "create view mine as select * from plan_totals");
        String location = Contexts.viewsLocation(dir, "plan_totals.sql",
                "-- materialized\n-- unique: region\nselect region, count(*) as plans from plans group by region\n");
        Contexts.over(db).withPropertyValues(location).run(context -> {
            assertThat(context).hasFailed();
            MatviewException e = cause(context.getStartupFailure(), MatviewException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.UNMANAGED_OBJECT);
            FailureAnalysis analysis = new MatviewFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("mine").contains("UNMANAGED_OBJECT");
            assertThat(analysis.getAction()).isNotBlank();
        });
    }

    @Test
    void anUnreachableDatabaseFailsStartUpWithWhatToCheck() {
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2");
        Contexts.over(nowhere).run(context -> {
            assertThat(context).hasFailed();
            MatviewException e = cause(context.getStartupFailure(), MatviewException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
            FailureAnalysis analysis = new MatviewFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("DATABASE_UNAVAILABLE");
        });
    }

    @Test
    void aNegativeTimeoutIsReportedWithItsPropertyAndValue() {
        Contexts.over(TestDatabase.fresh()).withPropertyValues("matview.lock-timeout=-5s").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MatviewPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("property: matview.lock-timeout").contains("value: -5s")
                    .contains("must be a positive duration");
        });
    }

    @Test
    void anUnknownStartupActionIsReportedWithTheValuesItTakes() {
        Contexts.over(TestDatabase.fresh()).withPropertyValues("matview.on-startup=migrate").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MatviewPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("property: matview.on-startup").contains("value: migrate");
            assertThat(analysis.getAction()).contains("apply, validate or none");
        });
    }

    @Test
    void anUnknownPropertyIsReported() {
        Contexts.over(TestDatabase.fresh()).withPropertyValues("matview.lock-timout=5s").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MatviewPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("does not know").contains("matview.lock-timout");
        });
    }

    @Test
    void theStarterStepsAsideWhenDisabled() {
        Contexts.over(TestDatabase.fresh()).withPropertyValues("matview.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Matview.class));
    }

    static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t, t);
    }
}
