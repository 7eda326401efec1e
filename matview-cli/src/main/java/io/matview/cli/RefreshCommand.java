package io.matview.cli;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.view.Durations;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "refresh", description = {
    "Refreshes materialized views, then every materialized view that reads them, in dependency order.",
    "Concurrently when a view is populated and has a unique index; once across all processes (advisory lock).",
    "Exit code 1 when any refresh failed or was skipped."})
final class RefreshCommand extends DatabaseCommand {
    static final class Target {
        @Parameters(paramLabel = "VIEW", arity = "1..*", description = "name or schema.name")
        List<String> views;

        @Option(names = "--all", required = true, description = "Refresh every managed materialized view.")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Target target;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (default): concurrently when possible; concurrent: fail if not possible; full: plain REFRESH.")
    String mode;

    @Option(names = "--upstream", description = "First refresh the materialized views these read.")
    boolean upstream;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait when another process is refreshing the same view (default: ${DEFAULT-VALUE}).")
    String wait;

    @Option(names = "--json", description = "Print the log entries as JSON.")
    boolean json;

    @Override
    int run(Matview matview) {
        RefreshOptions options = RefreshOptions.builder()
                .mode(RefreshMode.parse(mode))
                .upstream(upstream)
                .lockWait(Durations.parse(wait))
                .lockTimeout(Durations.parse(database.lockTimeout))
                .build();
        List<RefreshLogEntry> entries = target.all ? matview.refreshAll(options) : matview.refresh(target.views, options);
        if (json) {
            out().println(Json.write(entries));
        } else {
            entries.forEach(e -> out().println(HistoryCommand.line(e)));
            if (entries.isEmpty()) {
                out().println("no materialized view to refresh");
            }
        }
        return entries.stream().allMatch(RefreshLogEntry::ok) ? 0 : 1;
    }
}
