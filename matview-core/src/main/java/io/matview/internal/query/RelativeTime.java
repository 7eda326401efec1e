package io.matview.internal.query;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A time relative to the query's {@code now()}: {@code now}, {@code now-30d}, {@code now+2h}. */
final class RelativeTime {
    private static final Pattern RELATIVE = Pattern.compile("now(?:([+-])(\\d{1,6})(s|min|h|d|w|mon|y))?");

    private RelativeTime() {
    }

    static boolean matches(String value) {
        return RELATIVE.matcher(value).matches();
    }

    /** {@code now-30d} as a PostgreSQL interval to add to now(): {@code -30 days}. */
    static String interval(String value) {
        Matcher m = RELATIVE.matcher(value);
        if (!m.matches() || m.group(1) == null) {
            return "0";
        }
        String unit = switch (m.group(3)) {
            case "s" -> "seconds";
            case "min" -> "minutes";
            case "h" -> "hours";
            case "d" -> "days";
            case "w" -> "weeks";
            case "mon" -> "months";
            default -> "years";
        };
        return m.group(1) + m.group(2) + " " + unit;
    }
}
