package io.matview.cli;

import io.matview.Matview;
import io.matview.catalog.DefinitionVersion;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = {
    "Shows the refresh log (newest first) of one view or of all of them.",
    "With --definitions: the view's applied definitions instead, one per version."})
final class HistoryCommand extends DatabaseCommand {
    @Parameters(paramLabel = "VIEW", arity = "0..1", description = "name or schema.name (all views when omitted)")
    String view;

    @Option(names = "--definitions", description = "Show the applied definitions, with each version's whole view file.")
    boolean definitions;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many refresh log entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    int run(Matview matview) {
        if (definitions) {
            if (view == null) {
                throw new IllegalArgumentException("--definitions needs a VIEW");
            }
            printDefinitions(matview.definitions(view));
            return 0;
        }
        List<RefreshLogEntry> entries = matview.refreshHistory(view, limit);
        if (json) {
            out().println(Json.write(entries));
        } else if (entries.isEmpty()) {
            out().println("no refreshes logged" + (view == null ? "" : " for " + view));
        } else {
            entries.forEach(e -> out().println(line(e)));
        }
        return 0;
    }

    private void printDefinitions(List<DefinitionVersion> versions) {
        if (json) {
            out().println(Json.write(versions));
            return;
        }
        for (DefinitionVersion d : versions) {
            out().printf("version %d  %s  %s  applied %s by %s  (%s)%s%n", d.version(), d.kind().label(), d.name(),
                    time(d.appliedAt()), d.appliedBy(), d.sourceFile(), d.migrations().isEmpty() ? ""
                            : "  re-applied by migration " + String.join(", ", d.migrations()));
            d.source().lines().forEach(line -> out().println("    " + line));
            out().println();
        }
    }

    /** One log entry on one line: what the CLI prints for history and refresh. */
    static String line(RefreshLogEntry e) {
        StringBuilder sb = new StringBuilder();
        sb.append(time(e.startedAt())).append("  ").append(String.format("%-9s", e.status())).append(' ')
                .append(e.view()).append("  ").append(e.trigger());
        if (e.mode() != null) {
            sb.append(", ").append(e.mode());
        }
        sb.append(", ").append(e.durationMs()).append(" ms");
        if (e.rows() != null) {
            sb.append(", ").append(e.rows()).append(" rows");
        }
        if (e.generation() != null) {
            sb.append(", generation ").append(e.generation());
        }
        sb.append("  [").append(e.host()).append(':').append(e.pid()).append(']');
        if (e.mode() == RefreshMode.FULL && !"full refresh requested".equals(e.modeReason())) {
            sb.append("\n    full refresh: ").append(e.modeReason());
        }
        if (e.error() != null) {
            sb.append("\n    ").append(e.error());
        }
        return sb.toString();
    }

    private static String time(java.time.Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
