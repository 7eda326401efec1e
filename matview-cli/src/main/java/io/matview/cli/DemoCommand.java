package io.matview.cli;

import io.matview.Matview;
import io.matview.db.SqlResource;
import io.matview.db.Transactions;
import io.matview.plan.ApplyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * A first look: orders data, two report views on top (a materialized view and a plain view that reads
 * it), planned, applied and listed, on the embedded PostgreSQL unless {@code --db} is given.
 */
@Command(name = "demo", description = "Sets up example data and report views in .matview/demo, applies them and shows the result.")
final class DemoCommand extends DatabaseCommand {
    static final Path DEMO_VIEWS = Path.of(".matview", "demo", "views");
    private static final List<String> VIEW_FILES = List.of("reporting.daily_revenue.sql", "reporting.revenue_last_90_days.sql");

    @Override
    public int run(Matview configured) throws IOException {
        Files.createDirectories(DEMO_VIEWS);
        for (String file : VIEW_FILES) {
            Path target = DEMO_VIEWS.resolve(file);
            if (!Files.exists(target)) {
                Files.writeString(target, SqlResource.load(DemoCommand.class, "demo/" + file));
            }
        }
        Matview matview = Matview.configure().dataSource(configured.dataSource()).viewsDirectory(DEMO_VIEWS).load();
        out().println("1. data: 100,000 orders over two years in public.orders");
        Transactions.inTransaction(matview.dataSource(), c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create schema if not exists reporting");
                s.execute(SqlResource.load(DemoCommand.class, "demo/schema.sql"));
            }
            return null;
        });
        out().println("2. view files in " + DEMO_VIEWS + "; matview plan:");
        out().println(indent(matview.plan().toString()));
        ApplyResult result = matview.apply();
        out().println("3. matview apply: " + result.plan().changes().size() + " change(s) applied in one transaction");
        out().println("4. matview status:");
        StatusCommand.print(out(), matview.status(), matview);
        out().println();
        out().println("Try: edit " + DEMO_VIEWS.resolve(VIEW_FILES.get(0)) + " (say, add 'avg(total_cents) as avg_cents'),");
        out().println("then: ./matview plan --views " + DEMO_VIEWS + "   and   ./matview apply --views " + DEMO_VIEWS);
        out().println("and:  ./matview history reporting.daily_revenue --definitions   and   ./matview diff reporting.daily_revenue");
        return 0;
    }

    private static String indent(String text) {
        return "   " + text.replace("\n", "\n   ");
    }
}
