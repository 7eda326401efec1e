package io.matview.cli;

import io.matview.Matview;
import io.matview.plan.ApplyResult;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshOptions;
import io.matview.server.MatviewServer;
import io.matview.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A newcomer's first minute: example data generated inside PostgreSQL, the examples' views applied
 * and refreshed, the server and scheduler started, and what to try printed. Works in a database of
 * its own ({@code matview_demo}) on the embedded server, or on the server of {@code --db}.
 */
@Command(name = "demo", description = {
    "Runs the four examples end to end and serves them until Ctrl-C.",
    "It generates their data in the database matview_demo, writes their view files to .matview/demo/views, "
            + "applies and refreshes them, then serves them with the scheduler."})
final class DemoCommand implements Callable<Integer> {
    static final String DATABASE = "matview_demo";
    static final Path VIEWS = Path.of(".matview", "demo", "views");

    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    @Option(names = "--scale", defaultValue = "small", description = "small (seconds, default), medium, or large "
            + "(the benchmarks' size: 10M orders, 1M subscriptions, 10M usage records; minutes).")
    String scale;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 for every interface.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--example", paramLabel = "NAME", description = "Only this example: saas-billing, daily-revenue, "
            + "quiz-leaderboard or customer-orders.")
    String example;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--reset", description = "Start over: drop the demo database and rewrite the view files.")
    boolean reset;

    @Option(names = "--no-serve", description = "Prepare data and views, then exit instead of serving.")
    boolean noServe;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!Example.SCALES.contains(scale)) {
            throw new IllegalArgumentException("unknown scale '" + scale + "'; use small, medium or large");
        }
        List<Example> examples = example == null ? Example.all() : List.of(Example.named(example));
        try {
            Matview admin = database.matview(err, null, VIEWS);
            prepareDatabase(admin);
            writeViewFiles(examples);
            Matview matview = database.matview(err, DATABASE, VIEWS);

            out.println("1. data (" + scale + " scale, seed " + seed + "), generated inside PostgreSQL:");
            DemoData data = new DemoData(matview.dataSource(), out, System.console() != null);
            for (Example e : examples) {
                data.ensure(e, scale, seed);
            }
            out.println("2. matview plan:");
            out.println(indent(matview.plan().toString()));
            ApplyResult applied = matview.apply();
            out.println("3. matview apply: " + applied.plan().changes().size() + " change(s), in one transaction");
            out.println("4. matview refresh --all:");
            for (RefreshLogEntry e : matview.refreshAll(RefreshOptions.defaults())) {
                out.println(indent(HistoryCommand.line(e)));
            }
            if (noServe) {
                out.println("5. matview status:");
                StatusCommand.print(out, matview.status(), matview);
                return 0;
            }
            MatviewServer server = MatviewServer.start(matview, serverSettings());
            printTour(out, server.url());
            out.flush();
            database.runUntilStopped(server, err);
            return 0;
        } finally {
            database.close();
        }
    }

    /** Creates the demo's database beside the configured one; with --reset, anew. */
    private void prepareDatabase(Matview admin) throws Exception {
        try (Connection c = admin.dataSource().getConnection(); Statement s = c.createStatement()) {
            if (reset) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            }
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, DATABASE);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        }
    }

    /** Writes the examples' view files; files the user edited are kept, unless --reset. */
    private void writeViewFiles(List<Example> examples) throws IOException {
        if (reset && Files.exists(VIEWS)) {
            try (Stream<Path> walk = Files.walk(VIEWS)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (Example e : examples) {
            for (String file : e.views()) {
                Path target = VIEWS.resolve(e.name()).resolve(file);
                if (!Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, e.view(file));
                }
            }
        }
    }

    ServerSettings serverSettings() {
        return ServerSettings.builder().host(host).port(port).build();
    }

    private void printTour(java.io.PrintWriter out, String base) {
        String db = database.embedded() ? "--database " + DATABASE : "--db " + DatabaseOptions.withDatabase(database.url, DATABASE);
        out.println();
        out.println("Matview is serving the examples on " + base + "/api/views (scheduler running), with the dashboard at "
                + base + "/. Try:");
        out.println("  curl '" + base + "/api/views/plan_usage/rows?region=eq.eu&order=monthly_revenue_cents.desc'");
        out.println("  curl '" + base + "/api/views/reporting.daily_revenue/rows?day=gte.now-30d&order=day.desc&limit=7'");
        out.println("  curl '" + base + "/api/views/shop.customer_order_volume/rows?state=eq.CA&order=order_cost_cents.desc&limit=5'");
        out.println("  curl '" + base + "/api/views/daily_leaderboard/rows?order=quizzes_played.desc,total_score.desc&limit=10'");
        out.println("  curl -H 'Accept: text/csv' '" + base + "/api/views/reporting.revenue_last_90_days/rows?limit=14'");
        out.println("  curl '" + base + "/api/views/reporting.daily_revenue'      (columns, indexes, refresh policy, generation)");
        out.println();
        out.println("Change a view and watch a zero-downtime rebuild, in a second terminal:");
        out.println("  1. edit " + VIEWS.resolve("saas-billing/plan_usage.sql") + " (say, add 'count(distinct s.customer_id) as customers')");
        out.println("  2. ./matview plan  " + db + " --views " + VIEWS);
        out.println("  3. ./matview apply " + db + " --views " + VIEWS);
        out.println("  4. ./matview history plan_usage --definitions " + db + "   and   ./matview diff plan_usage " + db
                + " --views " + VIEWS);
        out.println("Ctrl-C stops the server and the embedded database.");
    }

    private static String indent(String text) {
        return "   " + text.replace("\n", "\n   ");
    }
}
