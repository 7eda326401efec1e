package io.matview.cli;

import io.matview.Matview;
import io.matview.schedule.Scheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", description = {
    "Runs the scheduler in the foreground until Ctrl-C or SIGTERM.",
    "It refreshes each materialized view by its 'refresh:' policy (every, cron, on change); any number of schedulers "
            + "may run against one database.",
    "On shutdown no new refresh starts; a running one gets the grace period, then is cancelled."})
final class RunCommand extends DatabaseCommand {
    @Mixin
    SchedulerOptions schedule = new SchedulerOptions();

    @Override
    int run(Matview matview) throws InterruptedException {
        Scheduler scheduler = matview.scheduler(schedule.settings()).start();
        out().println("matview: scheduler running; Ctrl-C to stop (a running refresh gets " + schedule.grace + " to finish)");
        out().flush();
        runUntilStopped(scheduler);
        return 0;
    }
}
