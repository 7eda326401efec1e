package io.matview.cli;

import io.matview.Matview;
import io.matview.catalog.ViewStatus;
import io.matview.view.Kind;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Lists the managed views: kind, populated, rows (estimate), size, definition version, last apply.")
final class StatusCommand extends DatabaseCommand {
    private static final String FORMAT = "%-36s %-18s %-9s %10s %10s %7s  %s%n";

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Override
    int run(Matview matview) {
        List<ViewStatus> views = matview.status();
        if (json) {
            out().println(Json.write(views));
            return 0;
        }
        print(out(), views, matview);
        return 0;
    }

    static void print(PrintWriter out, List<ViewStatus> views, Matview matview) {
        if (views.isEmpty()) {
            out.println("no managed views yet: write view files in " + matview.viewsDirectory() + " and run 'matview apply'");
            return;
        }
        out.printf(FORMAT, "VIEW", "KIND", "POPULATED", "ROWS", "SIZE", "VERSION", "APPLIED");
        for (ViewStatus v : views) {
            out.printf(FORMAT, v.name(), v.kind().label(),
                    !v.present() ? "MISSING" : v.populated() ? "yes" : "no",
                    v.rowEstimate() == null ? "-" : v.rowEstimate().toString(),
                    v.sizeBytes() == null || !v.kind().equals(Kind.MATERIALIZED_VIEW) ? "-" : Sizes.format(v.sizeBytes()),
                    v.version(), DateTimeFormatter.ISO_INSTANT.format(v.appliedAt().truncatedTo(ChronoUnit.SECONDS)));
        }
    }
}
