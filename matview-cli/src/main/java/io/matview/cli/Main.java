package io.matview.cli;

import io.matview.MatviewException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** The {@code matview} command. */
@Command(name = "matview", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Versioned, tested and served PostgreSQL views and materialized views.",
        subcommands = {
            InitCommand.class, PlanCommand.class, ApplyCommand.class, MigrateCommand.class, StatusCommand.class, RefreshCommand.class,
            RunCommand.class, ServeCommand.class, HistoryCommand.class, DiffCommand.class, RestoreCommand.class, DemoCommand.class, TestCommand.class,
            DriftCommand.class, ExplainCommand.class,            CommandLine.HelpCommand.class
        })
public final class Main {
    /** Exit code of {@code plan} when changes are pending: CI can check that the database matches the files. */
    static final int CHANGES_PENDING = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        addHelpOptions(cli);
        cli.setOut(out);
        cli.setErr(err);
        // Exit code 2 means "changes pending" (plan), so a usage error must not use picocli's default of 2.
        cli.setParameterExceptionHandler((e, args1) -> {
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("  hint: 'matview " + (e.getCommandLine().getCommandName().equals("matview") ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help' lists the options");
            err.flush();
            return 1;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof MatviewException m) {
                err.println("error: " + CliWording.message(m));
            } else if (e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
            } else if (e instanceof java.io.UncheckedIOException io) {
                err.println("error: " + io.getMessage() + ": " + io.getCause().getMessage());
            } else {
                throw e;
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * Gives every subcommand, present and future, {@code -h}/{@code --help}. Not by inheriting the top
     * command's standard options: their {@code --version} would clash with {@code restore --version}.
     */
    private static void addHelpOptions(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
                spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help message and exit.").build());
            }
            addHelpOptions(sub);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"matview " + (v == null ? "(development build)" : v)};
        }
    }
}
