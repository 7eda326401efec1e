package io.matview.cli;

import io.matview.Matview;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = {
    "Writes an applied version of a view back into its view file; 'matview apply' then brings it back.",
    "The files stay the source of truth: a rollback made only in the database would be undone by the next apply."})
final class RestoreCommand extends DatabaseCommand {
    @Parameters(paramLabel = "VIEW", description = "name or schema.name")
    String view;

    @Option(names = "--version", paramLabel = "N", required = true, description = "the version to restore ('matview history VIEW' lists them)")
    int version;

    @Override
    int run(Matview matview) {
        Path file = matview.restore(view, version);
        out().println("wrote version " + version + " of " + view + " to " + file + "; run 'matview plan' and 'matview apply'");
        return 0;
    }
}
