package io.matview.cli;

import io.matview.Matview;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "init", description = "Creates a views directory with one commented example view file.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--views", paramLabel = "DIR", defaultValue = "views", description = "Directory to create (default: ${DEFAULT-VALUE}).")
    Path views;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path example = Matview.init(views);
        spec.commandLine().getOut().println("created " + example + "; edit it, then run 'matview plan' and 'matview apply'");
        return 0;
    }
}
