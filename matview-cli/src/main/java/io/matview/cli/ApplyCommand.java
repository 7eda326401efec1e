package io.matview.cli;

import io.matview.Matview;
import io.matview.plan.ApplyOption;
import io.matview.plan.ApplyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", description = {
    "Makes the database match the view files, in one transaction: all of the plan or nothing.",
    "Changed materialized views are built beside the old ones and swapped in, so readers wait only for the swap."})
final class ApplyCommand extends DatabaseCommand {
    @Option(names = "--allow-drop", description = "Drop managed views whose files are gone (refused without it).")
    boolean allowDrop;

    @Override
    int run(Matview matview) {
        ApplyResult result = allowDrop ? matview.apply(ApplyOption.ALLOW_DROP) : matview.apply();
        if (result.plan().isEmpty()) {
            out().println(result.plan());
        } else {
            out().println(result.plan());
            out().println("applied " + result.plan().changes().size() + " change(s)");
        }
        for (String warning : result.warnings()) {
            err().println("warning: " + warning);
        }
        return 0;
    }
}
