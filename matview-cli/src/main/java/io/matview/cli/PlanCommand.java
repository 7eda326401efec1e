package io.matview.cli;

import io.matview.Matview;
import io.matview.plan.Plan;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", description = {
    "Shows what apply would do to make the database match the view files: create, replace, rebuild "
            + "(with the reason) or drop, one line per object.",
    "Exit code 0 when there is nothing to do, 2 when changes are pending."})
final class PlanCommand extends DatabaseCommand {
    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Override
    int run(Matview matview) {
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
