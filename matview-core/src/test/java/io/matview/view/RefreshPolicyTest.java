package io.matview.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code refresh:} directive's value: each form, its canonical text, and the errors. */
class RefreshPolicyTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void manualIsManual() {
        assertThat(RefreshPolicy.parse("manual")).isEqualTo(new RefreshPolicy.Manual());
        assertThat(RefreshPolicy.parse("  MANUAL ")).isEqualTo(new RefreshPolicy.Manual());
    }

    @Test
    void everyTakesAnInterval() {
        assertThat(RefreshPolicy.parse("every 5 minutes")).isEqualTo(new RefreshPolicy.Every(Duration.ofMinutes(5)));
        assertThat(RefreshPolicy.parse("Every  90s")).isEqualTo(new RefreshPolicy.Every(Duration.ofSeconds(90)));
        assertThat(RefreshPolicy.parse("every 1 second")).isEqualTo(new RefreshPolicy.Every(Duration.ofSeconds(1)));
        assertThat(RefreshPolicy.parse("every 1500ms")).isEqualTo(new RefreshPolicy.Every(Duration.ofMillis(1500)));
        assertThat(RefreshPolicy.parse("every 2 days")).isEqualTo(new RefreshPolicy.Every(Duration.ofDays(2)));
    }

    @Test
    void cronTakesFiveFieldsAndAnOptionalZoneUtcByDefault() {
        assertThat(RefreshPolicy.parse("cron 0 3 * * * Europe/Paris")).isEqualTo(new RefreshPolicy.Cron("0 3 * * *", PARIS));
        assertThat(RefreshPolicy.parse("cron 0 3 * * *")).isEqualTo(new RefreshPolicy.Cron("0 3 * * *", UTC));
        assertThat(RefreshPolicy.parse("CRON   */15  8-18 * * 1-5   America/New_York"))
                .isEqualTo(new RefreshPolicy.Cron("*/15 8-18 * * 1-5", ZoneId.of("America/New_York")));
    }

    @Test
    void onChangeHasDefaultsForWhatIsNotGiven() {
        assertThat(RefreshPolicy.parse("on change")).isEqualTo(new RefreshPolicy.OnChange(
                RefreshPolicy.OnChange.DEFAULT_DEBOUNCE, RefreshPolicy.OnChange.DEFAULT_MAX_STALENESS));
        assertThat(RefreshPolicy.OnChange.DEFAULT_DEBOUNCE).isEqualTo(Duration.ofSeconds(5));
        assertThat(RefreshPolicy.OnChange.DEFAULT_MAX_STALENESS).isEqualTo(Duration.ofMinutes(1));
        assertThat(RefreshPolicy.parse("on change debounce 10s"))
                .isEqualTo(new RefreshPolicy.OnChange(Duration.ofSeconds(10), Duration.ofMinutes(1)));
        assertThat(RefreshPolicy.parse("on change max staleness 5m"))
                .isEqualTo(new RefreshPolicy.OnChange(Duration.ofSeconds(5), Duration.ofMinutes(5)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "on change debounce 2s max staleness 30s",
        "on change max staleness 30s debounce 2s",
        "on change debounce 2s, max staleness 30s",
        "ON CHANGE DEBOUNCE 2S MAX STALENESS 30S",
        "on   change   debounce 2s   max   staleness   30s",
        "on change debounce 2000ms max staleness 30s",
    })
    void onChangeTakesDebounceAndMaxStalenessInAnyOrderAndCase(String value) {
        assertThat(RefreshPolicy.parse(value))
                .isEqualTo(new RefreshPolicy.OnChange(Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    @Test
    void maxStalenessEqualToTheDebounceIsAllowed() {
        assertThat(RefreshPolicy.parse("on change debounce 1m max staleness 1m"))
                .isEqualTo(new RefreshPolicy.OnChange(Duration.ofMinutes(1), Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "manual                          | manual",
        "every 5 minutes                 | every 5 minutes",
        "every 5m                        | every 5 minutes",
        "every 300 seconds               | every 5 minutes",
        "every 1 min                     | every 1 minute",
        "every 90s                       | every 90 seconds",
        "every 1500ms                    | every 1500ms",
        "every 24h                       | every 1 day",
        "every 36 hours                  | every 36 hours",
        "cron 0 3 * * * Europe/Paris     | cron 0 3 * * * Europe/Paris",
        "cron 0 3 * * *                  | cron 0 3 * * * UTC",
        "cron */5 * * * *                | cron */5 * * * * UTC",
        "cron 0 3 * * MON-FRI Asia/Tokyo | cron 0 3 * * 1-5 Asia/Tokyo",
        "cron 0 3 1,15 * *               | cron 0 3 1,15 * * UTC",
        "on change                       | on change debounce 5 seconds max staleness 1 minute",
        "on change debounce 500ms max staleness 2h | on change debounce 500ms max staleness 2 hours",
    })
    void toStringIsTheCanonicalForm(String value, String canonical) {
        assertThat(RefreshPolicy.parse(value)).hasToString(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "manual",
        "every 5 minutes",
        "every 90s",
        "every 1500ms",
        "every 1 day",
        "every 36 hours",
        "cron 0 3 * * * Europe/Paris",
        "cron 0 3 * * *",
        "cron */5 8-18 * * 1-5 America/New_York",
        "cron 0 3 * * MON-FRI",
        "cron 0 0 1 JAN,JUL *",
    })
    void manualEveryAndCronRoundTripThroughTheirCanonicalForm(String value) {
        RefreshPolicy policy = RefreshPolicy.parse(value);
        RefreshPolicy reparsed = RefreshPolicy.parse(policy.toString());

        assertThat(reparsed).isEqualTo(policy);
        assertThat(reparsed.toString()).isEqualTo(policy.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "on change",
        "on change debounce 5s",
        "on change debounce 10s max staleness 2m",
        "on change max staleness 1h",
    })
    void onChangeRoundTripsThroughItsCanonicalForm(String value) {
        RefreshPolicy policy = RefreshPolicy.parse(value);

        assertThat(RefreshPolicy.parse(policy.toString())).isEqualTo(policy);
    }

    @Test
    void onChangeTakesDurationsWithUnitsSpelledOut() {
        assertThat(RefreshPolicy.parse("on change debounce 5 seconds max staleness 2 minutes"))
                .isEqualTo(new RefreshPolicy.OnChange(Duration.ofSeconds(5), Duration.ofMinutes(2)));
        assertThat(RefreshPolicy.parse("on change max staleness 1 hour"))
                .isEqualTo(new RefreshPolicy.OnChange(Duration.ofSeconds(5), Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "every 0 seconds                        | the interval must be at least 1 second, got 'every 0 seconds'",
        "every 999ms                            | the interval must be at least 1 second",
        "every soon                             | invalid duration 'soon'; write a whole number and a unit",
        "every 1.5 hours                        | write a whole number and a unit",
        "every -5 minutes                       | write a whole number and a unit",
        "every                                  | unknown refresh policy 'every'",
        "0 3 * * *                              | '0 3 * * *' looks like a cron expression: write 'cron 0 3 * * *'",
        "* * * * *                              | write 'cron * * * * *'",
        "cron 0 3 * * * Mars/Olympus            | unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/Paris",
        "cron 0 3 * *                           | a cron expression has five fields (minute hour day month weekday)",
        "cron 0 0 3 * * *                       | unknown time zone '*'",
        "cron 0 3 * * * UTC x                   | a cron expression has five fields",
        "cron 61 3 * * *                        | invalid cron expression '61 3 * * *'",
        "cron 0 24 * * *                        | invalid cron expression '0 24 * * *'",
        "cron 0 3 32 * *                        | invalid cron expression '0 3 32 * *'",
        "cron 0 3 * 13 *                        | invalid cron expression '0 3 * 13 *'",
        "cron a b c d e                         | invalid cron expression 'a b c d e'",
        "cron 0 3 ? * *                         | invalid cron expression",
        "on change debounce 2m max staleness 1m | max staleness (1 minute) must not be shorter than the debounce (2 minutes)",
        "on change soon                         | unexpected 'soon' after 'on change'; accepted: 'debounce 5s', 'max staleness 1m'",
        "on change debounce soon                | write a whole number and a unit",
        "onchange                               | unknown refresh policy 'onchange'",
        "hourly                                 | use 'every 5 minutes', 'cron 0 3 * * * Europe/Paris', 'on change [debounce 5s] [max staleness 1m]' or 'manual'",
    })
    void badValueIsAnIllegalArgumentThatSaysWhatIsAccepted(String value, String message) {
        assertThatThrownBy(() -> RefreshPolicy.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aDebounceLongerThanTheDefaultMaxStalenessRaisesTheMaxStalenessToIt() {
        assertThat(RefreshPolicy.parse("on change debounce 2m"))
                .isEqualTo(new RefreshPolicy.OnChange(java.time.Duration.ofMinutes(2), java.time.Duration.ofMinutes(2)));
    }

    @Test
    void overflowingIntervalIsAnIllegalArgument() {
        assertThatThrownBy(() -> RefreshPolicy.parse("every 999999999999999999 days"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cronFiresAtTheNextMatchingTimeInItsZone() {
        RefreshPolicy.Cron cron = (RefreshPolicy.Cron) RefreshPolicy.parse("cron 0 3 * * * Europe/Paris");
        ZonedDateTime after = ZonedDateTime.of(2024, 1, 15, 10, 0, 0, 0, UTC);

        assertThat(cron.nextAfter(after)).hasValueSatisfying(next -> {
            assertThat(next.toInstant()).isEqualTo(ZonedDateTime.of(2024, 1, 16, 3, 0, 0, 0, PARIS).toInstant());
            assertThat(next.toInstant().toString()).isEqualTo("2024-01-16T02:00:00Z");
        });
    }
}
