package io.matview.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.observe.Advice;
import io.matview.observe.AdviceKind;
import io.matview.observe.RefreshStats;
import io.matview.observe.SourceHealth;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The advisor's thresholds at their edges, and the interval a schedule gives a refresh. */
class AdvisorTest {
    private static final QualifiedName VIEW = new QualifiedName("public", "v");

    private static RefreshStats p95(long ms) {
        return new RefreshStats(10, ms, ms, ms, null, 0, 0, null, null, null, null);
    }

    private static List<AdviceKind> advise(RefreshStats refreshes, Duration interval, SourceHealth... sources) {
        return Advisor.advise(new Advisor.Facts(VIEW, Kind.MATERIALIZED_VIEW, true, true, true, null, true, "app", true,
                refreshes, interval, false, List.of(sources), null, null, true, true)).stream().map(Advice::kind).toList();
    }

    private static SourceHealth source(long live, long dead, long modified) {
        return new SourceHealth(new QualifiedName("public", "t"), live, dead, live + dead == 0 ? 0 : dead / (double) (live + dead),
                null, Instant.EPOCH, modified, null);
    }

    @Test
    void aRefreshIsSlowAboveHalfItsIntervalAndNotAtIt() {
        assertThat(advise(p95(5000), Duration.ofSeconds(10))).doesNotContain(AdviceKind.SLOW_REFRESH);
        assertThat(advise(p95(5001), Duration.ofSeconds(10))).contains(AdviceKind.SLOW_REFRESH);
        assertThat(advise(p95(999_999), null)).doesNotContain(AdviceKind.SLOW_REFRESH);
    }

    @Test
    void bloatNeedsBothTheShareAndTheCountOfDeadTuples() {
        assertThat(advise(null, null, source(100, 900, 0))).doesNotContain(AdviceKind.BLOATED_SOURCE);
        assertThat(advise(null, null, source(4000, 1000, 0))).contains(AdviceKind.BLOATED_SOURCE);
        assertThat(advise(null, null, source(100_000, 1000, 0))).doesNotContain(AdviceKind.BLOATED_SOURCE);
    }

    @Test
    void statisticsAreStaleBeyondTwiceAutoanalyzesDefaultThreshold() {
        assertThat(advise(null, null, source(1000, 0, 300))).doesNotContain(AdviceKind.STALE_STATISTICS);
        assertThat(advise(null, null, source(1000, 0, 301))).contains(AdviceKind.STALE_STATISTICS);
    }

    @Test
    void aCronScheduleGivesTheGapBetweenItsNextTwoTimesAndOnChangeNone() {
        Instant now = Instant.parse("2026-12-01T10:05:00Z");
        assertThat(Observer.interval(RefreshPolicy.parse("cron 0 * * * *"), now)).isEqualTo(Duration.ofHours(1));
        assertThat(Observer.interval(RefreshPolicy.parse("every 10 minutes"), now)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Observer.interval(RefreshPolicy.parse("on change"), now)).isNull();
    }
}
