package io.matview.cli;

import io.matview.Matview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = {
    "Shows what changed in a view's definition, as a unified diff.",
    "Without options: from the version applied last to the view file now. With --from/--to: between two applied versions."})
final class DiffCommand extends DatabaseCommand {
    @Parameters(paramLabel = "VIEW", description = "name or schema.name")
    String view;

    @Option(names = "--from", paramLabel = "VERSION")
    Integer from;

    @Option(names = "--to", paramLabel = "VERSION")
    Integer to;

    @Override
    int run(Matview matview) {
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException("give both --from and --to, or neither");
        }
        String diff = from == null ? matview.diff(view) : matview.diff(view, from, to);
        out().println(diff.isEmpty() ? "no difference" : diff);
        return 0;
    }
}
