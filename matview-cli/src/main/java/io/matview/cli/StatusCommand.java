package io.matview.cli;

import io.matview.Matview;
import io.matview.catalog.ViewStatus;
import io.matview.observe.Advice;
import io.matview.observe.RefreshStats;
import io.matview.view.Kind;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = {
    "Lists the managed views with their freshness, refresh durations, failures and advice.",
    "Per view: kind, populated, rows (estimate), size, definition version, last apply, staleness, time until the",
    "next refresh, refresh duration (p50, p95), failure streak; then the advice, each with its reason and fix.",
    "Incremental views are measured by the table they are kept in; a real-time view's staleness reads",
    "'live(AGE)': readers see every committed row, AGE is that of the stored part a refresh replaces.",
    "Reads catalogs, statistics and the refresh log only, never a view's rows."})
final class StatusCommand extends DatabaseCommand {
    private static final String FORMAT = "%-36s %-18s %-9s %10s %10s %7s  %-20s %10s %7s %8s %8s %5s%n";

    @Option(names = "--json", description = "Print the status as JSON, with the sources' health.")
    boolean json;

    @Override
    int run(Matview matview) {
        List<ViewStatus> views = matview.status();
        if (json) {
            out().println(Json.write(views));
            return 0;
        }
        print(out(), views, matview);
        return 0;
    }

    static void print(PrintWriter out, List<ViewStatus> views, Matview matview) {
        if (views.isEmpty()) {
            out.println("no managed views yet: write view files in " + matview.viewsDirectory() + " and run 'matview apply'");
            return;
        }
        out.printf(FORMAT, "VIEW", "KIND", "POPULATED", "ROWS", "SIZE", "VERSION", "APPLIED", "STALE", "NEXT", "P50", "P95", "FAILS");
        for (ViewStatus v : views) {
            RefreshStats r = v.refreshes();
            out.printf(FORMAT, v.name(), v.kind().label(),
                    !v.present() ? "MISSING" : v.populated() ? "yes" : "no",
                    v.rowEstimate() == null ? "-" : v.rowEstimate().toString(),
                    v.sizeBytes() == null ? "-" : Sizes.format(v.sizeBytes()),
                    v.version(), DateTimeFormatter.ISO_INSTANT.format(v.appliedAt().truncatedTo(ChronoUnit.SECONDS)),
                    stale(v),
                    seconds(v.freshness() == null ? null : v.freshness().secondsUntilNextRefresh()),
                    millis(r == null ? null : r.p50Ms()), millis(r == null ? null : r.p95Ms()),
                    r == null ? "-" : Long.toString(r.failureStreak()));
        }
        List<ViewStatus> advised = views.stream().filter(v -> !v.advice().isEmpty()).toList();
        if (!advised.isEmpty()) {
            out.println();
            out.println("advice:");
            for (ViewStatus v : advised) {
                for (Advice a : v.advice()) {
                    out.println("  " + v.name() + " [" + a.kind() + "] " + a.reason());
                    out.println("      fix: " + a.fix());
                }
            }
        }
    }

    /**
     * A real-time view's readers see every committed source row, so its staleness reads {@code live(5m)}: the
     * age in parentheses is that of the stored part its next refresh replaces, so a stuck schedule still shows
     * (no blank, so the table still splits on blanks).
     */
    private static String stale(ViewStatus v) {
        String age = seconds(v.freshness() == null ? null : v.freshness().stalenessSeconds());
        return v.kind() == Kind.REAL_TIME_VIEW ? "live(" + age + ")" : age;
    }

    /** {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}: a column's worth of a duration. */
    static String seconds(Double s) {
        if (s == null) {
            return "-";
        }
        long v = Math.round(s);
        return v < 120 ? v + "s" : v < 7200 ? v / 60 + "m" : v < 172_800 ? v / 3600 + "h" : v / 86_400 + "d";
    }

    private static String millis(Long ms) {
        return ms == null ? "-" : ms < 10_000 ? ms + "ms" : seconds(ms / 1000.0);
    }
}
