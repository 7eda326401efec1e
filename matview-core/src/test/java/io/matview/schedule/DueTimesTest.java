package io.matview.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.view.RefreshPolicy;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a view falls due: fixed rate for {@code every}, the next time after the last change for {@code cron}. */
class DueTimesTest {
    private static final Instant APPLIED = Instant.parse("2026-11-30T10:00:00Z");

    private static Instant at(double secondsAfterApply) {
        return APPLIED.plusMillis(Math.round(secondsAfterApply * 1000));
    }

    @ParameterizedTest(name = "{0}: data taken at +{1} s -> due at +{2} s")
    @CsvSource(delimiter = '|', textBlock = """
            every 10 seconds | -1      | 10
            every 10 seconds | 0       | 10
            every 10 seconds | 0.2     | 10
            every 10 seconds | 9.999   | 10
            every 10 seconds | 10      | 20
            every 10 seconds | 10.05   | 20
            every 10 seconds | 13      | 20
            every 10 seconds | 19.999  | 20
            every 10 seconds | 23      | 30
            every 10 seconds | 25      | 30
            every 10 seconds | 41      | 50
            every 10 seconds | 3600.5  | 3610
            every 1 second   | 0.1     | 1
            every 1 second   | 1.3     | 2
            every 1 second   | 4.2     | 5
            every 7 seconds  | 13.9    | 14
            every 7 seconds  | 14      | 21
            every 5 minutes  | 301     | 600
            every 1 day      | 86399   | 86400
            every 1 day      | 90000   | 172800
            """)
    void everyRunsAtAFixedRateOnAGridFromTheApply(String policy, double dataAsOf, double due) {
        Instant taken = dataAsOf < 0 ? null : at(dataAsOf);
        assertThat(DueTimes.nextDue(RefreshPolicy.parse(policy), APPLIED, taken)).contains(at(due));
    }

    @Test
    void aRefreshThatTakesThreeSecondsOfTenDoesNotPushTheNextOneBack() {
        RefreshPolicy every10 = RefreshPolicy.parse("every 10 seconds");
        Instant due = DueTimes.nextDue(every10, APPLIED, APPLIED).orElseThrow();
        for (int i = 1; i <= 50; i++) {
            assertThat(due).isEqualTo(at(10 * i));
            Instant start = due.plusMillis(400); // a tick late; each refresh then runs 3 s
            assertThat(DueTimes.nextDue(every10, APPLIED, start)).as("due while it runs").contains(at(10 * i + 10));
            due = DueTimes.nextDue(every10, APPLIED, start).orElseThrow();
        }
    }

    @Test
    void afterMissedSlotsOneRefreshFollowsAtOnceThenTheGridGoesOn() {
        RefreshPolicy every10 = RefreshPolicy.parse("every 10 seconds");
        // taken at +10, the refresh ran 35 s (or the schedulers were down): +20, +30 and +40 passed
        Instant due = DueTimes.nextDue(every10, APPLIED, at(10)).orElseThrow();
        assertThat(due).isEqualTo(at(20)).isBefore(at(45)); // due at once when it ends at +45
        // that one refresh takes its data at +45.2: the slot of +40; the next is +50, not +30 and +40 as well
        assertThat(DueTimes.nextDue(every10, APPLIED, at(45.2))).contains(at(50));
    }

    @Test
    void aRefreshBeforeTheApplyCountsFromTheApply() {
        // a replace that changed the policy keeps the older data: the new grid starts at the apply
        assertThat(DueTimes.nextDue(RefreshPolicy.parse("every 1 minute"), APPLIED, APPLIED.minusSeconds(3600)))
                .contains(at(60));
    }

    @Test
    void cronIsDueAtTheFirstCronTimeAfterTheLastChange() {
        RefreshPolicy hourly = RefreshPolicy.parse("cron 0 * * * *");
        assertThat(DueTimes.nextDue(hourly, APPLIED, APPLIED.plusSeconds(60)))
                .contains(Instant.parse("2026-11-30T11:00:00Z"));
        assertThat(DueTimes.nextDue(hourly, APPLIED, Instant.parse("2026-11-30T11:00:05Z")))
                .contains(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(DueTimes.nextDue(hourly, APPLIED, null)).contains(Instant.parse("2026-11-30T11:00:00Z"));
    }

    @Test
    void onChangeAndManualHaveNoClock() {
        assertThat(DueTimes.nextDue(RefreshPolicy.parse("on change"), APPLIED, at(5))).isEqualTo(Optional.empty());
        assertThat(DueTimes.nextDue(RefreshPolicy.parse("manual"), APPLIED, null)).isEmpty();
    }
}
