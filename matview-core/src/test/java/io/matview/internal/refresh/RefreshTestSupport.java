package io.matview.internal.refresh;

import static org.awaitility.Awaitility.await;

import io.matview.refresh.RefreshLogEntry;
import io.matview.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;

/** Small helpers shared by the refresh and scheduler tests. */
public final class RefreshTestSupport {

    private RefreshTestSupport() {
    }

    /**
     * A materialized view whose query sleeps as many seconds as table {@code knob} says at the time
     * it runs: apply it with the knob at 0, then turn the knob up to make refreshes slow.
     */
    public static String slowView(String header) {
        return header + "\n"
                + "with s as materialized (select pg_sleep((select secs from knob)))\n"
                + "select g as id, g * 10 as v from generate_series(1, 100) g, s\n";
    }

    /** The table {@link #slowView} reads, with the knob at 0 seconds. */
    public static void createKnob(DataSource db) {
        TestDatabase.execute(db, "create table knob (secs float8 not null)", "insert into knob values (0)");
    }

    public static void setKnob(DataSource db, double seconds) {
        TestDatabase.execute(db, "update knob set secs = " + seconds);
    }

    /** How many REFRESH statements are running in the data source's database now. */
    public static long refreshesRunning(DataSource db) {
        return TestDatabase.queryLong(db, "select count(*) from pg_stat_activity where datname = current_database() "
                + "and state = 'active' and query ilike 'REFRESH MATERIALIZED VIEW%'");
    }

    /** Waits until {@code condition} holds, polling every 20 ms; fails the test after {@code timeout}. */
    public static void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
        await(what).atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    /** Polls the refresh log until {@code condition} holds for it, and returns it; the failure shows the log. */
    public static List<RefreshLogEntry> waitForLog(Duration timeout, String what, Supplier<List<RefreshLogEntry>> log,
                                                   java.util.function.Predicate<List<RefreshLogEntry>> condition) {
        AtomicReference<List<RefreshLogEntry>> last = new AtomicReference<>(List.of());
        try {
            await(what).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
                last.set(log.get());
                return condition.test(last.get());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what
                    + "; the log:\n" + describe(last.get()), e);
        }
        return last.get();
    }

    /** Checks that {@code condition} holds all through {@code window} (and fails at once when it stops holding). */
    public static void holdsFor(Duration window, String what, BooleanSupplier condition) {
        await(what).during(window).atMost(window.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }

    /** One line per entry, for failure messages and printed timings. */
    public static String describe(List<RefreshLogEntry> entries) {
        StringBuilder sb = new StringBuilder();
        for (RefreshLogEntry e : entries) {
            sb.append("  ").append(e.startedAt()).append(' ').append(e.view()).append(' ').append(e.trigger())
                    .append(' ').append(e.status()).append(" gen=").append(e.generation()).append(" pid=").append(e.pid())
                    .append(" ").append(e.durationMs()).append("ms")
                    .append(e.error() == null ? "" : " error=" + e.error()).append('\n');
        }
        return sb.toString();
    }

    /** Paces a loop (writes every 300 ms, …); never a way to wait for something to happen. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
