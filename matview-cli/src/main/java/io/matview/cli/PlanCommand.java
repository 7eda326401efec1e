package io.matview.cli;

import io.matview.Matview;
import io.matview.migrate.Migration;
import io.matview.migrate.MigrationResult;
import io.matview.plan.Plan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", description = {
    "Shows what apply would do to make the database match the view files: create, replace, rebuild "
            + "(with the reason) or drop, one line per object.",
    "With --migration FILE: what 'matview migrate FILE' would detach, run and re-apply (tried in a transaction "
            + "that is rolled back; it takes the migration's locks meanwhile).",
    "Exit code 0 when there is nothing to do, 2 when changes are pending."})
final class PlanCommand extends DatabaseCommand {
    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Option(names = "--migration", paramLabel = "FILE", description = "A table migration to preview (repeatable, run in the order given).")
    List<Path> migrations = List.of();

    @Override
    int run(Matview matview) {
        if (!migrations.isEmpty()) {
            MigrationResult preview = matview.planMigration(migrations.stream().map(Migration::read).toList());
            MigrateCommand.print(this, preview);
            return Main.CHANGES_PENDING;
        }
        Plan plan = matview.plan();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pending", !plan.isEmpty());
            body.put("changes", plan.changes());
            out().println(Json.write(body));
        } else {
            out().println(plan);
        }
        return plan.isEmpty() ? 0 : Main.CHANGES_PENDING;
    }
}
