package io.matview.cli;

import io.matview.schedule.Scheduler;
import io.matview.view.Durations;
import picocli.CommandLine.Option;

/** The scheduler's options, the same for {@code run} and {@code serve}. */
final class SchedulerOptions {
    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long a running refresh may finish on shutdown (default: ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--keep-log", paramLabel = "DURATION", defaultValue = "30 days",
            description = "How long refresh log entries are kept (default: ${DEFAULT-VALUE}).")
    String keepLog;

    Scheduler.Settings settings() {
        return Scheduler.Settings.builder()
                .grace(Durations.parse(grace))
                .logRetention(Durations.parse(keepLog))
                .build();
    }
}
