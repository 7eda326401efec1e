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
    /** 0 until the first read: Jetty's connectors lease their threads when they start, before they accept any request. */
    private volatile int limit;

    ReadSlots(QueuedThreadPool pool) {
        this.pool = pool;
    }

    /** The pool's threads less those Jetty leases for accepting and selecting (their number depends on the cores) and the kept ones. */
    int limit() {
        int known = limit;
        if (known == 0) {
            // summing the leases walks a set: once, not per request
            known = pool.getMaxThreads() - pool.getThreadPoolBudget().getLeasedThreads() - KEPT_THREADS;
            limit = known;
        }
        return known;
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
