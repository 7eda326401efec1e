package io.matview.view;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in directives: {@code 5 minutes}, {@code 30s}, {@code 2h}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile(
            "(\\d+)\\s*(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|h|days?|d)(?![a-z])");

    private Durations() {
    }

    /**
     * Parses a duration such as {@code 5 minutes} or {@code 30s}.
     *
     * @throws IllegalArgumentException naming the accepted units
     */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid duration '" + text.strip()
                    + "'; write a whole number and a unit: 500ms, 30s, 5 minutes, 2 hours, 1 day");
        }
        try {
            return toDuration(Long.parseLong(m.group(1)), m.group(2));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text.strip() + "' is too large; write a whole number and a unit, at most a few years");
        }
    }

    private static Duration toDuration(long n, String unit) {
        if (unit.startsWith("ms") || unit.startsWith("milli")) {
            return Duration.ofMillis(n);
        }
        return switch (unit.charAt(0)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact spelling that {@link #parse} reads back: {@code 90s}, {@code 5 minutes}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return plural(ms / 86_400_000, "day");
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return plural(ms / 3_600_000, "hour");
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return plural(ms / 60_000, "minute");
        }
        if (ms % 1000 == 0) {
            return plural(ms / 1000, "second");
        }
        return ms + "ms";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** Splits {@code "5 minutes max staleness 1m"} into the leading duration and the rest. */
    static String[] splitFirst(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (m.lookingAt()) {
            return new String[] {m.group(), text.strip().substring(m.end()).strip()};
        }
        return new String[] {text.strip(), ""};
    }
}
