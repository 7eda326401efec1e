package io.matview.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as written in directives: parsing every unit spelling, the shortest exact format, and round trips. */
class DurationsTest {

    /** Each unit spelling {@link Durations#parse} accepts, with the length of one unit in milliseconds. */
    private static final List<Object[]> UNITS = List.of(
            new Object[] {"ms", 1L},
            new Object[] {"millisecond", 1L},
            new Object[] {"milliseconds", 1L},
            new Object[] {"s", 1_000L},
            new Object[] {"sec", 1_000L},
            new Object[] {"secs", 1_000L},
            new Object[] {"second", 1_000L},
            new Object[] {"seconds", 1_000L},
            new Object[] {"m", 60_000L},
            new Object[] {"min", 60_000L},
            new Object[] {"mins", 60_000L},
            new Object[] {"minute", 60_000L},
            new Object[] {"minutes", 60_000L},
            new Object[] {"h", 3_600_000L},
            new Object[] {"hour", 3_600_000L},
            new Object[] {"hours", 3_600_000L},
            new Object[] {"d", 86_400_000L},
            new Object[] {"day", 86_400_000L},
            new Object[] {"days", 86_400_000L});

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "500ms,          PT0.5S",
        "1 millisecond,  PT0.001S",
        "2 milliseconds, PT0.002S",
        "30s,            PT30S",
        "1 sec,          PT1S",
        "2 secs,         PT2S",
        "1 second,       PT1S",
        "5 seconds,      PT5S",
        "5m,             PT5M",
        "1 min,          PT1M",
        "5 mins,         PT5M",
        "1 minute,       PT1M",
        "5 minutes,      PT5M",
        "2h,             PT2H",
        "1 hour,         PT1H",
        "3 hours,        PT3H",
        "1d,             PT24H",
        "1 day,          PT24H",
        "2 days,         PT48H",
        "0 seconds,      PT0S",
        "'  5 Minutes ', PT5M",
        "5MIN,           PT5M",
        "5   h,          PT5H",
        "007s,           PT7S",
    })
    void parsesEveryUnitSpelling(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "5", "minutes", "-5 minutes", "+5 minutes", "1.5 hours", "5 weeks", "5 months",
        "5 minutes ago", "five minutes", "5 minutes 30 seconds", "5m30s", "PT5M", "5 μs"})
    void rejectsAnythingButAWholeNumberAndAUnit(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid duration '" + text.strip() + "'")
                .hasMessageContaining("write a whole number and a unit: 500ms, 30s, 5 minutes, 2 hours, 1 day");
    }

    @Test
    void numberTooLargeForADurationIsAnIllegalArgumentThatSaysWhatToWrite() {
        assertThatThrownBy(() -> Durations.parse("999999999999999999 days"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999 seconds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "PT0S,      0 seconds",
        "PT0.001S,  1ms",
        "PT0.5S,    500ms",
        "PT1.5S,    1500ms",
        "PT1S,      1 second",
        "PT2S,      2 seconds",
        "PT59S,     59 seconds",
        "PT60S,     1 minute",
        "PT90S,     90 seconds",
        "PT5M,      5 minutes",
        "PT61M,     61 minutes",
        "PT1H,      1 hour",
        "PT120M,    2 hours",
        "PT25H,     25 hours",
        "PT36H,     36 hours",
        "PT24H,     1 day",
        "PT48H,     2 days",
        "PT8760H,   365 days",
    })
    void formatsTheShortestExactSpelling(Duration duration, String text) {
        assertThat(Durations.format(duration)).isEqualTo(text);
    }

    @Test
    void splitFirstCutsTheLeadingDurationFromTheRest() {
        assertThat(Durations.splitFirst("5s max staleness 1m")).containsExactly("5s", "max staleness 1m");
        assertThat(Durations.splitFirst("  500ms  ")).containsExactly("500ms", "");
        assertThat(Durations.splitFirst("soon debounce 1s")).containsExactly("soon debounce 1s", "");
    }

    @Test
    void splitFirstTakesTheWholeUnitWord() {
        assertThat(Durations.splitFirst("5 seconds max staleness 1m")).containsExactly("5 seconds", "max staleness 1m");
        assertThat(Durations.splitFirst("2 minutes debounce 1s")).containsExactly("2 minutes", "debounce 1s");
        assertThat(Durations.splitFirst("1 hour")).containsExactly("1 hour", "");
        assertThat(Durations.splitFirst("3 days")).containsExactly("3 days", "");
    }

    /** Random spellings of random durations, from a fixed seed so that a failure reproduces. */
    static Stream<Arguments> randomDurations() {
        Random random = new Random(0x5EED_D0A7L);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Object[] unit = UNITS.get(random.nextInt(UNITS.size()));
            String spelling = (String) unit[0];
            long perUnit = (long) unit[1];
            long n = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(10);
                case 1 -> random.nextInt(1_000);
                case 2 -> random.nextInt(1_000_000);
                default -> 1 + random.nextInt(100) * (random.nextBoolean() ? 60 : 24);
            };
            String space = random.nextBoolean() ? "" : " ".repeat(1 + random.nextInt(3));
            String text = n + space + (random.nextBoolean() ? spelling : spelling.toUpperCase(Locale.ROOT));
            cases.add(Arguments.of(text, Duration.ofMillis(n * perUnit)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("randomDurations")
    void randomSpellingParsesAndItsFormatReadsBack(String text, Duration expected) {
        Duration parsed = Durations.parse(text);
        assertThat(parsed).isEqualTo(expected);

        String formatted = Durations.format(parsed);
        assertThat(Durations.parse(formatted)).as(formatted).isEqualTo(parsed);
        assertThat(Durations.format(Durations.parse(formatted))).isEqualTo(formatted);
        assertThat(formatted).matches("\\d+ms|1 (second|minute|hour|day)|(0|[2-9]|[1-9]\\d+) (seconds|minutes|hours|days)");
    }

    /** Random millisecond counts: the format reads back exactly and uses the largest exact unit. */
    static Stream<Arguments> randomMillis() {
        Random random = new Random(42L);
        List<Arguments> cases = new ArrayList<>();
        long[] scales = {1, 1_000, 60_000, 3_600_000, 86_400_000};
        for (int i = 0; i < 300; i++) {
            long scale = scales[random.nextInt(scales.length)];
            long n = (long) (random.nextDouble() * 1_000_000);
            cases.add(Arguments.of(Duration.ofMillis(n * scale)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("randomMillis")
    void formatReadsBackExactlyInTheLargestExactUnit(Duration duration) {
        String formatted = Durations.format(duration);

        assertThat(Durations.parse(formatted)).as(formatted).isEqualTo(duration);
        long ms = duration.toMillis();
        String expectedUnit = ms == 0 ? "second"
                : ms % 86_400_000 == 0 ? "day"
                : ms % 3_600_000 == 0 ? "hour"
                : ms % 60_000 == 0 ? "minute"
                : ms % 1_000 == 0 ? "second"
                : "ms";
        assertThat(formatted).as("unit of %s", formatted)
                .matches(expectedUnit.equals("ms") ? "\\d+ms" : "\\d+ " + expectedUnit + "s?");
    }
}
