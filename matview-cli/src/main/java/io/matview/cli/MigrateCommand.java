package io.matview.cli;

import io.matview.Matview;
import io.matview.migrate.Migration;
import io.matview.migrate.MigrationResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "migrate", description = {
    "Runs table migrations (plain SQL files, in the order given) together with the views, in one transaction: "
            + "detaches the managed views that would block them (and those above), runs them, re-applies the "
            + "views from their files, then applies the whole views directory. All or nothing.",
    "'matview plan --migration FILE' shows what it would detach and re-apply."})
final class MigrateCommand extends DatabaseCommand {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Table migration files (.sql), run in this order.")
    List<Path> files;

    @Option(names = "--json", description = "Print what was detached and applied as JSON.")
    boolean json;

    @Override
    int run(Matview matview) {
        MigrationResult result = matview.migrate(files.stream().map(Migration::read).toList());
        print(this, result);
        out().println("migrated " + result.migrations().size() + " migration(s); detached and re-applied "
                + result.detached().size() + " view(s)");
        return 0;
    }

    /** The result as lines (detach, migrate, then the apply's plan), or as JSON with {@code --json}. */
    static void print(DatabaseCommand command, MigrationResult result) {
        if (command instanceof MigrateCommand m && m.json || command instanceof PlanCommand p && p.json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("migrations", result.migrations());
            body.put("detached", result.detached());
            body.put("changes", result.apply().plan().changes());
            command.out().println(Json.write(body));
        } else {
            command.out().println(result);
        }
        for (String warning : result.apply().warnings()) {
            command.err().println("warning: " + warning);
        }
    }
}
