package io.matview.plan;

import static org.awaitility.Awaitility.await;

import io.matview.Matview;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Readers that run one query over and over on connections of their own while a test changes the
 * database, and note what they saw, how long the longest read waited, and any error.
 */
public final class ConcurrentReaders implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong longestWaitNanos = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final Set<String> seen = new CopyOnWriteArraySet<>();
    private final List<Thread> threads = new ArrayList<>();
    private long applyNanos;

    /** Starts {@code count} readers of {@code sql}; each result is noted as its row's values joined by spaces. */
    public ConcurrentReaders(DataSource db, String sql, int count) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> read(db, sql), "reader-" + i);
            t.start();
            threads.add(t);
        }
    }

    private void read(DataSource db, String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            while (!stop.get()) {
                long start = System.nanoTime();
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    ResultSetMetaData md = rs.getMetaData();
                    StringBuilder row = new StringBuilder();
                    for (int col = 1; col <= md.getColumnCount(); col++) {
                        row.append(col > 1 ? " " : "").append(rs.getString(col));
                    }
                    seen.add(row.toString());
                }
                longestWaitNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                reads.incrementAndGet();
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    /** Applies while the readers read, from before it starts until after it ends; notes how long it took. */
    ApplyResult apply(Matview matview) {
        return during(matview::apply);
    }

    /** Runs {@code change} while the readers read, from before it starts until after it ends; notes how long it took. */
    public <T> T during(java.util.function.Supplier<T> change) {
        awaitMoreReads(20);
        long start = System.nanoTime();
        T result = change.get();
        applyNanos = System.nanoTime() - start;
        awaitMoreReads(20);
        return result;
    }

    public long applyNanos() {
        return applyNanos;
    }

    /** Waits until the readers have read {@code more} more times: they overlap what comes next for sure. */
    private void awaitMoreReads(long more) {
        long target = reads.get() + more;
        await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() >= target || !errors.isEmpty());
    }

    public long reads() {
        return reads.get();
    }

    public long longestWaitNanos() {
        return longestWaitNanos.get();
    }

    public Queue<Throwable> errors() {
        return errors;
    }

    public Set<String> seen() {
        return seen;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
    }
}
