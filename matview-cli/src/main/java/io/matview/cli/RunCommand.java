package io.matview.cli;

import io.matview.Matview;
import io.matview.schedule.Scheduler;
import io.matview.view.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = {
    "Runs the scheduler in the foreground until Ctrl-C or SIGTERM.",
    "It refreshes each materialized view by its 'refresh:' policy (every, cron, on change); any number of schedulers "
            + "may run against one database.",
    "On shutdown no new refresh starts; a running one gets the grace period, then is cancelled."})
final class RunCommand extends DatabaseCommand {
    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long a running refresh may finish on shutdown (default: ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--keep-log", paramLabel = "DURATION", defaultValue = "30 days",
            description = "How long refresh log entries are kept (default: ${DEFAULT-VALUE}).")
    String keepLog;

    @Override
    int run(Matview matview) throws InterruptedException {
        Scheduler.Settings settings = Scheduler.Settings.defaults()
                .withGrace(Durations.parse(grace))
                .withLogRetention(Durations.parse(keepLog));
        Scheduler scheduler = matview.scheduler(settings).start();
        out().println("matview: scheduler running; Ctrl-C to stop (a running refresh gets " + grace + " to finish)");
        out().flush();
        runUntilStopped(scheduler);
        return 0;
    }
}
