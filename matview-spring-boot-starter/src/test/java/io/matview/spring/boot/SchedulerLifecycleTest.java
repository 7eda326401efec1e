package io.matview.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.matview.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The scheduler as a lifecycle bean: graceful shutdown, and many instances refreshing each view once per period. */
@ExtendWith(OutputCaptureExtension.class)
class SchedulerLifecycleTest {
    @TempDir
    Path dir;

    /** A view whose refresh sleeps knob.s seconds (0 at apply), refreshed every second by the scheduler. */
    private ApplicationContextRunner slowView(DataSource db, String shutdownTimeout) {
        TestDatabase.execute(db, "create table knob (s float)", "insert into knob values (0)");
        return Contexts.over(db).withPropertyValues(Contexts.viewsLocation(dir, "slow.sql",
                        "-- materialized\n-- refresh: every 1 second\nselect 1 as x from pg_sleep((select s from knob))\n"),
                "matview.scheduler.enabled=true", "matview.scheduler.tick=100ms", "matview.shutdown-timeout=" + shutdownTimeout);
    }

    private static boolean refreshing(DataSource db) {
        return TestDatabase.queryLong(db, "select count(*) from pg_stat_activity where datname = current_database()"
                + " and state = 'active' and query like 'REFRESH MATERIALIZED VIEW%slow%'") > 0;
    }

    private static String lastStatus(DataSource db) {
        return TestDatabase.queryString(db, "select status from matview.refresh_log where view_name = 'slow' order by id desc limit 1");
    }

    @Test
    void aRefreshInFlightPastTheShutdownTimeoutIsCancelledAndLoggedSo(CapturedOutput output) {
        DataSource db = TestDatabase.fresh();
        slowView(db, "0s").run(context -> {
            TestDatabase.execute(db, "update knob set s = 600");
            await().atMost(Duration.ofSeconds(30)).until(() -> refreshing(db));

            context.close();

            assertThat(lastStatus(db)).isEqualTo("cancelled");
            assertThat(refreshing(db)).isFalse();
        });
        assertThat(output).contains("refreshes in flight get up to 0 seconds to finish, then are cancelled")
                .contains("refresh of public.slow cancelled").contains("scheduler stopped");
    }

    @Test
    void aRefreshInFlightWithinTheShutdownTimeoutIsAwaited(CapturedOutput output) {
        DataSource db = TestDatabase.fresh();
        slowView(db, "60s").run(context -> {
            TestDatabase.execute(db, "update knob set s = 2");
            await().atMost(Duration.ofSeconds(30)).until(() -> refreshing(db));

            context.close();

            assertThat(lastStatus(db)).isEqualTo("ok");
        });
        assertThat(output).contains("refreshes in flight get up to 1 minute to finish").doesNotContain("refresh of public.slow cancelled");
    }

    @Test
    void twoInstancesOnOneDatabaseRefreshEachViewOncePerPeriod() {
        DataSource db = Contexts.withPlans();
        ApplicationContextRunner instance = Contexts.over(db).withPropertyValues(Contexts.viewsLocation(dir, "every_two.sql",
                        "-- materialized\n-- refresh: every 2 seconds\nselect count(*) as n from plans\n"),
                "matview.scheduler.enabled=true", "matview.scheduler.tick=100ms");
        instance.run(first -> instance.run(second -> {
            assertThat(first.getBean(MatviewSchedulerLifecycle.class).isRunning()).isTrue();
            assertThat(second.getBean(MatviewSchedulerLifecycle.class).isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> TestDatabase.queryLong(db,
                    "select count(*) from matview.refresh_log where view_name = 'every_two'") >= 5);
        }));

        List<Map<String, Object>> log = new JdbcTemplate(db).queryForList(
                "select status, started_at from matview.refresh_log where view_name = 'every_two' order by started_at");
        assertThat(log).extracting(row -> row.get("status")).containsOnly("ok");
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < log.size(); i++) {
            gaps.add(Duration.between(instant(log.get(i - 1)), instant(log.get(i))));
        }
        // Each refresh is due two seconds after the data of the last one, whichever instance made it. The
        // log's start is taken after the lock is granted, so gaps vary by some 100 ms around the period; a
        // refresh made twice in one period (both instances at once) would show a gap of milliseconds.
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isGreaterThan(Duration.ofSeconds(1)));
    }

    private static Instant instant(Map<String, Object> row) {
        Object t = row.get("started_at");
        return t instanceof java.sql.Timestamp ts ? ts.toInstant() : ((java.time.OffsetDateTime) t).toInstant();
    }
}
