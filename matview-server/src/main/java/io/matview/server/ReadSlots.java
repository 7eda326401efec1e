package io.matview.server;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Keeps worker threads for the requests that do not wait on the database. A rows request that reads the
 * database holds its thread of the fixed pool while it waits for a permit or a connection and while its
 * answer streams (as slowly as the client takes it). Enough of them would leave {@code /health}, {@code /metrics}
 * and cached answers queued behind them; so at most {@link #limit()} such requests are in the database at once,
 * and one more is turned away at once (a 503 the client may retry), not queued on a thread.
 */
final class ReadSlots {
    /** Threads no database read may take: health checks, metrics scrapes and cached answers run on them. */
    static final int KEPT_THREADS = 4;

    private final QueuedThreadPool pool;
    private final AtomicInteger inDatabase = new AtomicInteger();
    /** 0 until first asked, which is after Jetty's connectors have leased their threads: they do so when they start. */
    private volatile int limit;

    ReadSlots(QueuedThreadPool pool) {
        this.pool = pool;
    }

    /** The pool's threads less those Jetty leases for accepting and selecting (their number depends on the cores) and the kept ones. */
    int limit() {
        int known = limit;
        if (known == 0) {
            // summing the leases walks a set: once, not per request
            known = pool.getMaxThreads() - leased() - KEPT_THREADS;
            limit = known;
        }
        return known;
    }

    /** The threads Jetty's connectors have leased for accepting and selecting: 2 on two cores, more on many. */
    int leased() {
        return pool.getThreadPoolBudget().getLeasedThreads();
    }

    boolean tryEnter() {
        int limit = limit();
        while (true) {
            int n = inDatabase.get();
            if (n >= limit) {
                return false;
            }
            if (inDatabase.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void exit() {
        inDatabase.decrementAndGet();
    }
}
