package io.matview.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Staleness by policy: a view is stale once it missed more periods of its policy than allowed. */
class MatviewHealthIndicatorTest {
    @TempDir
    Path dir;

    private Health healthAt(Matview matview, Duration later, MatviewProperties.Health settings) {
        Instant dataAsOf = matview.runtimeViews().values().iterator().next().dataAsOf();
        Clock clock = Clock.fixed(dataAsOf.plus(later), ZoneOffset.UTC);
        return new MatviewHealthIndicator(matview, settings, clock).health(true);
    }

    @Test
    void aViewIsStaleOnceItMissedMoreThanTheAllowedPeriods() throws Exception {
        Files.writeString(dir.resolve("hourly.sql"), "-- materialized\n-- refresh: every 1 hour\nselect 1 as x\n");
        DataSource db = TestDatabase.fresh();
        try (Matview matview = Matview.configure().dataSource(db).viewsDirectory(dir).load()) {
            matview.apply();
            MatviewProperties.Health settings = new MatviewProperties.Health();

            assertThat(healthAt(matview, Duration.ofMinutes(119), settings).getStatus()).isEqualTo(Status.UP);
            Health stale = healthAt(matview, Duration.ofMinutes(121), settings);
            assertThat(stale.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(stale.getDetails().get("stale").toString()).contains("public.hourly").contains("every 1 hour");

            settings.setStale(MatviewProperties.HealthStatus.DOWN);
            settings.setStaleAfterPeriods(3);
            assertThat(healthAt(matview, Duration.ofMinutes(121), settings).getStatus()).isEqualTo(Status.UP);
            assertThat(healthAt(matview, Duration.ofMinutes(181), settings).getStatus()).isEqualTo(Status.DOWN);
        }
    }

    @Test
    void aManualViewIsNeverStaleByTheClock() throws Exception {
        Files.writeString(dir.resolve("manual.sql"), "-- materialized\nselect 1 as x\n");
        try (Matview matview = Matview.configure().dataSource(TestDatabase.fresh()).viewsDirectory(dir).load()) {
            matview.apply();
            assertThat(healthAt(matview, Duration.ofDays(365), new MatviewProperties.Health()).getStatus()).isEqualTo(Status.UP);
        }
    }
}
