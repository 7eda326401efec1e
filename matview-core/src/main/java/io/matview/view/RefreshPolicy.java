package io.matview.view;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a materialized view is refreshed: the value of the {@code refresh:} directive.
 *
 * <p>{@link #toString()} gives the canonical directive text, which the catalog stores and
 * {@link #parse(String)} reads back.
 */
public sealed interface RefreshPolicy {

    /**
     * When a view last refreshed at {@code lastRefresh} is next due by the clock: for {@code every}
     * and {@code cron}; empty for {@code on change} and {@code manual}, which no clock decides.
     */
    default Optional<Instant> nextAfter(Instant lastRefresh) {
        if (this instanceof Every every) {
            return Optional.of(lastRefresh.plus(every.interval()));
        }
        if (this instanceof Cron cron) {
            return cron.nextAfter(lastRefresh.atZone(cron.zone())).map(ZonedDateTime::toInstant);
        }
        return Optional.empty();
    }

    /** Refreshed only when asked (CLI, HTTP, API). The default. */
    record Manual() implements RefreshPolicy {
        @Override
        public String toString() {
            return "manual";
        }
    }

    /** {@code every 5 minutes}: a fixed interval. */
    record Every(Duration interval) implements RefreshPolicy {
        @Override
        public String toString() {
            return "every " + Durations.format(interval);
        }
    }

    /** {@code cron 0 3 * * * Europe/Paris}: a five-field cron expression in a time zone (UTC by default). */
    record Cron(String expression, ZoneId zone) implements RefreshPolicy {
        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        /** The first time after {@code after} at which the expression fires. */
        public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
            com.cronutils.model.Cron cron = PARSER.parse(expression);
            return ExecutionTime.forCron(cron).nextExecution(after.withZoneSameInstant(zone));
        }

        static Cron parse(String expression, ZoneId zone) {
            com.cronutils.model.Cron cron = PARSER.parse(expression);
            cron.validate();
            return new Cron(cron.asString(), zone);
        }

        @Override
        public String toString() {
            return "cron " + expression + " " + zone.getId();
        }
    }

    /**
     * {@code on change}: refreshed after its source tables change, once writes have paused for
     * {@code debounce}, and never more than {@code maxStaleness} after the first unrefreshed change.
     */
    record OnChange(Duration debounce, Duration maxStaleness) implements RefreshPolicy {
        public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(5);
        public static final Duration DEFAULT_MAX_STALENESS = Duration.ofMinutes(1);

        @Override
        public String toString() {
            return "on change debounce " + Durations.format(debounce)
                    + " max staleness " + Durations.format(maxStaleness);
        }
    }

    /**
     * Parses a directive value.
     *
     * @throws IllegalArgumentException with a message that says what is accepted
     */
    static RefreshPolicy parse(String value) {
        String v = value.strip().replaceAll("\\s+", " ");
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("manual")) {
            return new Manual();
        }
        if (lower.startsWith("every ")) {
            Duration d = Durations.parse(v.substring(6));
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("the interval must be at least 1 second, got '" + v + "'");
            }
            return new Every(d);
        }
        if (lower.startsWith("cron ")) {
            return parseCron(v.substring(5).strip());
        }
        if (lower.equals("on change") || lower.startsWith("on change ")) {
            return parseOnChange(lower.substring("on change".length()).strip());
        }
        if (!v.isEmpty() && (Character.isDigit(v.charAt(0)) || v.charAt(0) == '*')) {
            throw new IllegalArgumentException("'" + v + "' looks like a cron expression: write 'cron " + v + "'");
        }
        throw new IllegalArgumentException("unknown refresh policy '" + v + "'; use 'every 5 minutes', "
                + "'cron 0 3 * * * Europe/Paris', 'on change [debounce 5s] [max staleness 1m]' or 'manual'");
    }

    private static Cron parseCron(String rest) {
        String[] parts = rest.split(" ");
        if (parts.length != 5 && parts.length != 6) {
            throw new IllegalArgumentException("a cron expression has five fields (minute hour day month weekday) "
                    + "and an optional time zone, got '" + rest + "'");
        }
        ZoneId zone = ZoneId.of("UTC");
        if (parts.length == 6) {
            try {
                zone = ZoneId.of(parts[5]);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone '" + parts[5] + "'; use an IANA name such as Europe/Paris");
            }
        }
        String expression = String.join(" ", java.util.Arrays.copyOf(parts, 5));
        try {
            return Cron.parse(expression, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage());
        }
    }

    private static OnChange parseOnChange(String rest) {
        Duration debounce = OnChange.DEFAULT_DEBOUNCE;
        Duration maxStaleness = null;
        String r = rest.replace(",", " ").strip();
        while (!r.isEmpty()) {
            if (r.startsWith("debounce ")) {
                String[] split = Durations.splitFirst(r.substring(9));
                debounce = Durations.parse(split[0]);
                r = split[1];
            } else if (r.startsWith("max staleness ")) {
                String[] split = Durations.splitFirst(r.substring(14));
                maxStaleness = Durations.parse(split[0]);
                r = split[1];
            } else {
                throw new IllegalArgumentException("unexpected '" + r + "' after 'on change'; "
                        + "accepted: 'debounce 5s', 'max staleness 1m'");
            }
        }
        if (maxStaleness == null) {
            maxStaleness = debounce.compareTo(OnChange.DEFAULT_MAX_STALENESS) > 0 ? debounce : OnChange.DEFAULT_MAX_STALENESS;
        }
        if (maxStaleness.compareTo(debounce) < 0) {
            throw new IllegalArgumentException("max staleness (" + Durations.format(maxStaleness)
                    + ") must not be shorter than the debounce (" + Durations.format(debounce) + ")");
        }
        return new OnChange(debounce, maxStaleness);
    }
}
