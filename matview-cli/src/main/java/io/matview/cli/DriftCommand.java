package io.matview.cli;

import io.matview.Matview;
import io.matview.observe.Drift;
import io.matview.observe.DriftEstimate;
import io.matview.observe.DriftMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "drift", description = {
    "Compares a materialized view's rows with what its query returns now.",
    "Counts rows only in the view and rows only in the query (EXCEPT ALL both ways); says first how long a",
    "full comparison will take. Changes nothing."})
final class DriftCommand extends DatabaseCommand {
    @Parameters(paramLabel = "VIEW", description = "name or schema.name")
    String view;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "full",
            description = "full (exact counts), sample (1 %% of the rows) or checksum (differs or not); default: ${DEFAULT-VALUE}")
    String mode;

    @Option(names = "--estimate", description = "Only say how long a full comparison would take; compare nothing.")
    boolean estimateOnly;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    int run(Matview matview) {
        DriftMode m = DriftMode.parse(mode);
        if (estimateOnly || m == DriftMode.FULL) {
            DriftEstimate e = matview.driftEstimate(view);
            if (estimateOnly) {
                out().println(json ? Json.write(e) : describe(e));
                return 0;
            }
            if (!json) {
                err().println(describe(e));
            }
        }
        Drift d = matview.drift(view, m);
        if (json) {
            out().println(Json.write(d));
        } else if (m == DriftMode.CHECKSUM) {
            out().printf("%s: %s (view %d rows, query %d rows; checksum, %d ms)%n", d.view(),
                    d.differs() ? "differs from its query" : "matches its query", d.viewRows(), d.queryRows(), d.durationMs());
        } else {
            out().printf("%s: %d rows only in the view, %d rows only in the query (view %d rows, query %d rows; %s%s, %d ms)%n",
                    d.view(), d.onlyInView(), d.onlyInQuery(), d.viewRows(), d.queryRows(), d.mode(),
                    d.mode() == DriftMode.SAMPLE ? " of " + d.sampledPercent() + " %" : "", d.durationMs());
        }
        return 0;
    }

    private static String describe(DriftEstimate e) {
        return String.format("a full comparison of %s (%d rows; its query about %d) takes about %s: %s", e.view(), e.viewRows(),
                e.queryRows(), StatusCommand.seconds(e.estimatedMs() / 1000.0), e.basis());
    }
}
