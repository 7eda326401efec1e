package io.matview.bench;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.Trigger;
import io.matview.schedule.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * A Matview scheduler in a JVM of its own, as a deployment would run it, with the default settings
 * (one tick a second). It writes {@code READY_FILE} once it is settled: it has ticked, and the
 * catch-up refresh every scheduler makes on start (changes may have happened while none ran) is
 * done. It runs until SIGTERM, then closes the scheduler (its shutdown hook).
 */
final class SchedulerProcess {
    private SchedulerProcess() {
    }

    static void run(String url, Path viewsDir, String view, Path readyFile) throws IOException, InterruptedException {
        Matview matview = Matview.configure().url(url, BenchMain.USER, null).viewsDirectory(viewsDir).load();
        Instant started = Instant.now();
        Scheduler scheduler = matview.scheduler(Scheduler.Settings.defaults()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.close();
            System.out.println("scheduler stopped");
            stopped.countDown();
        }));

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (scheduler.lastTick() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (scheduler.lastTick() == null) {
            System.out.println("the scheduler did not reach the database within 30 s");
            System.exit(1);
        }
        boolean caughtUp = false;
        while (!caughtUp && System.nanoTime() < deadline) {
            for (RefreshLogEntry e : matview.refreshHistory(view, 5)) {
                if (e.trigger() == Trigger.CHANGE && !e.startedAt().isBefore(started.minusSeconds(1))) {
                    caughtUp = true;
                }
            }
            if (!caughtUp) {
                Thread.sleep(100);
            }
        }
        System.out.printf("scheduler ready after %d ms (catch-up refresh %s)%n",
                java.time.Duration.between(started, Instant.now()).toMillis(), caughtUp ? "done" : "NOT seen");
        Files.writeString(readyFile, "ready\n");
        stopped.await();
    }
}
