package io.matview.spring.boot;

import io.matview.Matview;
import io.matview.schedule.Scheduler;
import io.matview.view.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The scheduler as a lifecycle bean: it starts when the context has started (after the apply) and
 * stops first on shutdown, before the data source closes. A refresh in flight gets the shutdown timeout
 * to finish; then it is cancelled, its previous data stays, and the refresh log says cancelled.
 */
final class MatviewSchedulerLifecycle implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(MatviewSchedulerLifecycle.class);

    private final Matview matview;
    private final Scheduler.Settings settings;
    private volatile Scheduler scheduler;

    MatviewSchedulerLifecycle(Matview matview, Scheduler.Settings settings) {
        this.matview = matview;
        this.settings = settings;
    }

    @Override
    public void start() {
        scheduler = matview.scheduler(settings).start();
        LOG.info("matview: scheduler started (tick {}, {} refresh threads)", Durations.format(settings.tick()),
                settings.refreshThreads());
    }

    @Override
    public void stop() {
        Scheduler running = scheduler;
        scheduler = null;
        if (running == null) {
            return;
        }
        LOG.info("matview: stopping the scheduler; refreshes in flight get up to {} to finish, then are cancelled",
                Durations.format(settings.grace()));
        running.close();
        LOG.info("matview: scheduler stopped");
    }

    @Override
    public void stop(Runnable callback) {
        // on a thread of its own, so that the other beans of this phase stop meanwhile
        Thread stopping = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "matview-scheduler-stop");
        stopping.start();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** The running scheduler, or {@code null}. */
    Scheduler scheduler() {
        return scheduler;
    }
}
