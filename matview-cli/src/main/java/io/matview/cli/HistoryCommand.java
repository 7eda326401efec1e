package io.matview.cli;

import io.matview.Matview;
import io.matview.catalog.DefinitionVersion;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "Shows a view's applied definitions, one per version, with who applied them and when.")
final class HistoryCommand extends DatabaseCommand {
    @Parameters(paramLabel = "VIEW", description = "name or schema.name")
    String view;

    @Option(names = "--definitions", description = "Print each version's whole view file too.")
    boolean definitions;

    @Option(names = "--json", description = "Print the versions as JSON.")
    boolean json;

    @Override
    int run(Matview matview) {
        List<DefinitionVersion> versions = matview.definitions(view);
        if (json) {
            out().println(Json.write(versions));
            return 0;
        }
        for (DefinitionVersion d : versions) {
            out().printf("version %d  %s  %s  applied %s by %s  (%s)%n", d.version(), d.kind().label(), d.name(),
                    DateTimeFormatter.ISO_INSTANT.format(d.appliedAt().truncatedTo(ChronoUnit.SECONDS)), d.appliedBy(),
                    d.sourceFile());
            if (definitions) {
                d.source().lines().forEach(line -> out().println("    " + line));
                out().println();
            }
        }
        return 0;
    }
}
