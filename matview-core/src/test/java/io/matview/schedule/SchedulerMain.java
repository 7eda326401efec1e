package io.matview.schedule;

import io.matview.Matview;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Matview process that only schedules: {@code SchedulerMain JDBC_URL MILLIS} runs a scheduler
 * against the database for that long, then closes it. {@link SchedulerProcessesTest} starts several.
 */
public final class SchedulerMain {

    private SchedulerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SchedulerMain JDBC_URL MILLIS");
            System.exit(2);
        }
        Matview matview = Matview.configure().url(args[0], null, null).viewsDirectory(Path.of(".")).load();
        Scheduler.Settings settings = Scheduler.Settings.builder()
                .tick(Duration.ofMillis(200)).backoff(Duration.ofMillis(500)).grace(Duration.ofSeconds(5)).build();
        try (Scheduler scheduler = matview.scheduler(settings).start()) {
            System.out.println("scheduler started in process " + ProcessHandle.current().pid());
            Thread.sleep(Long.parseLong(args[1]));
            if (!scheduler.alive()) {
                System.err.println("the scheduler is not alive at the end");
                System.exit(3);
            }
        }
        System.out.println("scheduler closed in process " + ProcessHandle.current().pid());
    }
}
