package io.matview.cli;

import io.matview.Matview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "explain", description = {
    "Runs EXPLAIN (ANALYZE, BUFFERS) of a managed view's query and prints PostgreSQL's plan.",
    "The query runs, in a read-only transaction that is rolled back."})
final class ExplainCommand extends DatabaseCommand {
    @Parameters(paramLabel = "VIEW", description = "name or schema.name")
    String view;

    @Override
    int run(Matview matview) {
        out().print(matview.explain(view));
        out().flush();
        return 0;
    }
}
