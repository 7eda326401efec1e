package io.matview.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Writes the measurements of a run into docs/benchmarks.md: each section between its markers
 * {@code <!-- BEGIN generated:NAME -->} and {@code <!-- END generated:NAME -->}, so the hand-written
 * text around them (method, interpretation) stays. A missing section is appended.
 */
final class Report {
    /** Benchmark 1's target: Matview's refresh costs under 5 % or under 20 ms more than the bare statement. */
    /** The rule: at least this many counted (undisturbed) rounds per variant behind a figure. */
    static final int MIN_ROUNDS = 5;
    static final double REFRESH_MAX_PERCENT = 5;
    static final double REFRESH_MAX_MS = 20;
    /** Benchmark 2's targets: writers lose at most 5 % tps; a change is refreshed within debounce + 2 s. */
    static final double WRITERS_MAX_PERCENT = 5;
    static final long DEBOUNCE_MS = 2_000;
    static final long LATENCY_MAX_MS = DEBOUNCE_MS + 2_000;
    static final double REBUILD_MAX_WAIT_MS = 50;

    private Report() {
    }

    static void run(Path results, Path doc, List<String> sections) throws IOException {
        Properties env = new Properties();
        try (Reader r = Files.newBufferedReader(results.resolve("env.properties"), StandardCharsets.UTF_8)) {
            env.load(r);
        }
        String text = Files.exists(doc) ? Files.readString(doc)
                : "# Benchmarks\n\nMeasured by `bench/run.sh`; see bench/README.md.\n";
        for (String section : sections) {
            String body = switch (section) {
                case "machine" -> machine(results, env);
                case "refresh" -> refresh(results, env);
                case "writers" -> writers(results, env);
                case "rebuild" -> rebuild(results, env);
                default -> throw new IllegalArgumentException("unknown section " + section);
            };
            text = replaceSection(text, section, body);
            System.out.println(body);
        }
        Files.writeString(doc, text);
        System.out.println("wrote " + doc);
    }

    static String replaceSection(String text, String name, String body) {
        String begin = "<!-- BEGIN generated:" + name + " -->";
        String end = "<!-- END generated:" + name + " -->";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        String block = begin + "\n" + body.strip() + "\n" + end;
        if (b < 0 || e < b) {
            return text.stripTrailing() + "\n\n" + block + "\n";
        }
        return text.substring(0, b) + block + text.substring(e + end.length());
    }

    private static String machine(Path results, Properties env) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("| | |\n| --- | --- |\n");
        row(s, "date", env.getProperty("date"));
        row(s, "CPU", env.getProperty("cpu") + " (`nproc`: " + env.getProperty("nproc") + ")");
        row(s, "kernel", env.getProperty("kernel"));
        row(s, "PostgreSQL", env.getProperty("postgres"));
        row(s, "PostgreSQL settings", env.getProperty("pg_settings"));
        row(s, "Java", env.getProperty("java"));
        row(s, "Matview", env.getProperty("matview"));
        row(s, "command", "`" + env.getProperty("command") + "`");
        s.append("\n`free -h`:\n\n```\n").append(Files.readString(results.resolve("free.txt")).stripTrailing())
                .append("\n```\n");
        return s.toString();
    }

    private static String refresh(Path results, Properties env) throws IOException {
        List<String[]> rows = tsv(results.resolve("refresh.tsv"));
        int rounds = rows.stream().mapToInt(r -> Integer.parseInt(r[0])).max().orElse(0);
        int variants = (int) rows.stream().map(r -> r[2]).distinct().count();
        List<List<Double>> times = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            times.add(new ArrayList<>());
        }
        StringBuilder s = new StringBuilder(measuredBy(env));
        s.append("Data: ").append(env.getProperty("orders_rows", "?")).append(" orders, ")
                .append(env.getProperty("orders_size", "?")).append(" with its primary key; the view holds ")
                .append(env.getProperty("view_rows", "?")).append(" rows. Loading took ")
                .append(env.getProperty("load_seconds", "?")).append(" s; Matview's apply (which builds the view) took ")
                .append(env.getProperty("apply_ms", "?")).append(" ms.\n\n");
        String[] headers = {"(a) bare `REFRESH … CONCURRENTLY`, kept connection", "(b) `matview.refresh`",
            "(c) `matview.refresh`, pooled", "(d) bare, new connection"};
        s.append("| round | order |");
        for (int v = 0; v < variants; v++) {
            s.append(' ').append(headers[v]).append(" |");
            if (v == 1) {
                s.append(" b − a | (b) as logged |");
            }
        }
        s.append(" other processes' CPU, ").append(String.join(" / ", List.of("a", "b", "c", "d").subList(0, variants)))
                .append(" |\n| ---: | :---: |").append(" ---: |".repeat(variants + 2)).append(" ---: |\n");
        int disturbed = 0;
        for (int round = 1; round <= rounds; round++) {
            String[][] byVariant = new String[variants][];
            StringBuilder order = new StringBuilder();
            for (int position = 1; position <= variants; position++) {
                for (String[] r : rows) {
                    if (Integer.parseInt(r[0]) == round && Integer.parseInt(r[1]) == position) {
                        byVariant[r[2].charAt(0) - 'a'] = r;
                        order.append(order.length() == 0 ? "" : " ").append(r[2]);
                    }
                }
            }
            if (java.util.Arrays.stream(byVariant).anyMatch(java.util.Objects::isNull)) {
                continue;
            }
            // A round with a disturbed measurement (kept only when the attempts or the budget ran out) is
            // shown but not counted, so that every median and every per-round difference is undisturbed.
            boolean counted = java.util.Arrays.stream(byVariant).noneMatch(r -> disturbed(r, 5));
            disturbed += counted ? 0 : 1;
            s.append("| ").append(round).append(counted ? "" : " (not counted)").append(" | ").append(order).append(" |");
            List<String> others = new ArrayList<>();
            for (int v = 0; v < variants; v++) {
                double ms = Double.parseDouble(byVariant[v][3]);
                if (counted) {
                    times.get(v).add(ms);
                }
                others.add(percent(byVariant[v], 5));
                s.append(String.format(Locale.ROOT, " %.1f |", ms));
                if (v == 1) {
                    s.append(String.format(Locale.ROOT, " %+.1f | %s |", ms - Double.parseDouble(byVariant[0][3]),
                            byVariant[1][4]));
                }
            }
            s.append(' ').append(String.join(" / ", others)).append(" |\n");
        }
        List<Double> perRound = diffs(times.get(0), times.get(1));
        s.append("| **median** | |");
        for (int v = 0; v < variants; v++) {
            s.append(String.format(Locale.ROOT, " **%.1f** |", median(times.get(v))));
            if (v == 1) {
                s.append(String.format(Locale.ROOT, " %+.1f | |", median(perRound)));
            }
        }
        s.append(" |\n| min – max | |");
        for (int v = 0; v < variants; v++) {
            s.append(String.format(Locale.ROOT, " %.1f – %.1f |", min(times.get(v)), max(times.get(v))));
            if (v == 1) {
                s.append(String.format(Locale.ROOT, " %+.1f – %+.1f | |", min(perRound), max(perRound)));
            }
        }
        s.append(String.format(Locale.ROOT, " |%n%nAll times in ms, measured in the client from the call to its return; "
                + "medians and spreads over the %d counted rounds; the b − a median is that of the per-round "
                + "differences.%n%n", times.get(0).size()));
        double ma = median(times.get(0));
        double mb = median(times.get(1));
        double overhead = mb - ma;
        double percent = overhead / ma * 100;
        boolean met = times.get(0).size() >= MIN_ROUNDS && (percent < REFRESH_MAX_PERCENT || overhead < REFRESH_MAX_MS);
        s.append(String.format(Locale.ROOT,
                "**Overhead of (b)**: difference of medians **%+.1f ms = %+.2f %%**; median of the per-round "
                        + "differences %+.1f ms = %+.2f %%. Target (on the difference of medians, over at least %d "
                        + "counted rounds): under %.0f %% or under %.0f ms: **%s**.%n%n", overhead, percent,
                median(perRound), median(perRound) / ma * 100, MIN_ROUNDS, REFRESH_MAX_PERCENT, REFRESH_MAX_MS,
                met ? "met" : "missed"));
        String[] names = {"", "", "(c) Matview on a connection pool", "(d) the bare statement on a new connection"};
        for (int v = 2; v < variants; v++) {
            double m = median(times.get(v));
            s.append(String.format(Locale.ROOT, "- %s: %+.1f ms = %+.2f %% against (a); (b) against it: %+.1f ms = "
                    + "%+.2f %%.%n", names[v], m - ma, (m - ma) / ma * 100, mb - m, (mb - m) / m * 100));
        }
        Path extra = results.resolve("refresh-extra.properties");
        if (Files.exists(extra)) {
            s.append("- Opening a connection through Matview's URL data source and running one query takes ")
                    .append(load(extra).getProperty("connect_ms")).append(" ms (median of 10) here.\n");
        }
        s.append(disturbedNote(disturbed)).append(discardedNote(results, "refresh"));
        return s.toString();
    }

    private static String writers(Path results, Properties env) throws IOException {
        StringBuilder s = new StringBuilder(measuredBy(env));
        List<String[]> rows = tsv(results.resolve("writers.tsv"));
        s.append("pgbench `").append(env.getProperty("pgbench_args", "")).append("`, script `bench/sql/insert-event.pgbench` "
                + "(one single-row INSERT per transaction, autocommit). `events` grew from ")
                .append(env.getProperty("events_rows_before", "?")).append(" to ")
                .append(env.getProperty("events_rows_after", "?")).append(" rows over the runs.\n\n");
        s.append("| run | variant | tps | refreshes during the run | scheduler JVM CPU, ms | other processes' CPU |\n"
                + "| ---: | --- | ---: | ---: | ---: | ---: |\n");
        // A run's pair (a, b) counts only when neither was disturbed: the medians and the per-run
        // differences are over undisturbed pairs.
        java.util.Map<String, String[]> runA = new java.util.LinkedHashMap<>();
        java.util.Map<String, String[]> runB = new java.util.LinkedHashMap<>();
        for (String[] r : rows) {
            (r[2].equals("b") ? runB : runA).put(r[0], r);
        }
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Double> perRun = new ArrayList<>();
        int disturbed = 0;
        for (String[] r : rows) {
            boolean withScheduler = r[2].equals("b");
            String[] other = (withScheduler ? runA : runB).get(r[0]);
            boolean counted = other != null && !disturbed(r, 6) && !disturbed(other, 6);
            double tps = Double.parseDouble(r[3]);
            if (counted) {
                (withScheduler ? b : a).add(tps);
                if (withScheduler) {
                    double ta = Double.parseDouble(other[3]);
                    perRun.add((tps - ta) / ta * 100);
                }
            }
            disturbed += disturbed(r, 6) ? 1 : 0;
            s.append(String.format(Locale.ROOT, "| %s%s | %s | %.1f | %s | %s | %s |%n", r[0], counted ? "" : " (not counted)",
                    withScheduler ? "(b) scheduler running" : "(a) no scheduler", tps, withScheduler ? r[4] : "–",
                    withScheduler ? r[5] : "–", percent(r, 6)));
        }
        double ma = median(a);
        double mb = median(b);
        double percent = (mb - ma) / ma * 100;
        boolean met = a.size() >= MIN_ROUNDS && percent >= -WRITERS_MAX_PERCENT;
        s.append(String.format(Locale.ROOT, "%n| | (a) no scheduler | (b) scheduler running | b against a, per run |%n"
                + "| --- | ---: | ---: | ---: |%n"
                + "| median tps | **%.1f** | **%.1f** | %+.2f %% |%n| min – max tps | %.1f – %.1f | %.1f – %.1f | %+.2f – %+.2f %% |%n%n",
                ma, mb, median(perRun), min(a), max(a), min(b), max(b), min(perRun), max(perRun)));
        s.append(String.format(Locale.ROOT, "**Writers' throughput with the scheduler running**, over %d counted pairs: "
                + "difference of medians %+.2f %%, median of the per-run differences %+.2f %%. Target (on the difference "
                + "of medians, over at least %d pairs): within %.0f %%: **%s**.%n", a.size(), percent, median(perRun),
                MIN_ROUNDS, WRITERS_MAX_PERCENT, met ? "met" : "missed"));
        s.append(disturbedNote(disturbed)).append(discardedNote(results, "writers")).append("\n");

        Path without = results.resolve("idle-without.properties");
        Path with = results.resolve("idle-with.properties");
        if (Files.exists(without) && Files.exists(with)) {
            Properties p0 = load(without);
            Properties p1 = load(with);
            double server0 = Double.parseDouble(p0.getProperty("server_ms_per_s"));
            double server1 = Double.parseDouble(p1.getProperty("server_ms_per_s"));
            double jvm = Double.parseDouble(p1.getProperty("scheduler_ms_per_s"));
            double total = server1 - server0 + jvm;
            int cpus = Integer.parseInt(env.getProperty("nproc", "1").strip());
            s.append(String.format(Locale.ROOT, "What an idle scheduler costs, measured directly (CPU time over %s s, "
                    + "no writers, after the scheduler's JVM had run 20 s):%n%n| | CPU ms per second | other processes' "
                    + "CPU meanwhile |%n| --- | ---: | ---: |%n"
                    + "| PostgreSQL server, no scheduler | %.1f | %s |%n| PostgreSQL server, scheduler running | %.1f | %s |%n"
                    + "| scheduler JVM | %.1f | |%n| **scheduler in all** (server difference + JVM) | **%.1f** = %.2f %% of "
                    + "one core, %.2f %% of this %d-core machine | |%n%n", p1.getProperty("seconds"), server0,
                    percent(new String[] {p0.getProperty("others_pct")}, 0), server1,
                    percent(new String[] {p1.getProperty("others_pct")}, 0), jvm, total, total / 10, total / 10 / cpus,
                    cpus));
        }

        List<String[]> lat = tsv(results.resolve("latency.tsv"));
        List<Double> delays = new ArrayList<>();
        s.append("Change-to-refresh latency (scheduler running, no other load; one row inserted, then the refresh "
                + "log polled):\n\n");
        s.append("| sample | insert → refresh finished, ms | insert → refresh started, ms | refresh took, ms |\n"
                + "| ---: | ---: | ---: | ---: |\n");
        int timeouts = 0;
        for (String[] r : lat) {
            if (r.length < 5 || r[1].isEmpty()) {
                timeouts++;
                s.append("| ").append(r[0]).append(" | no refresh within 60 s | | |\n");
                continue;
            }
            delays.add(Double.parseDouble(r[1]));
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", r[0], r[1], r[2], r[3]));
        }
        double md = delays.isEmpty() ? Double.NaN : median(delays);
        boolean latMet = timeouts == 0 && delays.size() >= MIN_ROUNDS && md <= LATENCY_MAX_MS;
        s.append(String.format(Locale.ROOT, "%n**Median delay: %.0f ms** (min – max %.0f – %.0f ms, %d samples). Target: "
                + "within debounce + 2 s = %d ms, over at least %d samples: **%s**.%n", md, min(delays), max(delays), delays.size(), LATENCY_MAX_MS,
                MIN_ROUNDS, latMet ? "met" : "missed"));
        return s.toString();
    }

    private static String rebuild(Path results, Properties env) throws IOException {
        StringBuilder s = new StringBuilder(measuredBy(env));
        List<String[]> rows = tsv(results.resolve("rebuild.tsv"));
        s.append("Source: ").append(env.getProperty("orders_rows", "?")).append(" orders; ")
                .append(env.getProperty("rebuild_readers", "?")).append(" readers, each on its own connection, query "
                + "one row of the view by its unique key, with a 5 ms pause between queries; each round applies a "
                + "changed definition, which apply builds beside the old view and swaps in.\n\n");
        s.append("| round | apply, ms | reader queries during the apply | p50 wait, ms | p99 wait, ms | longest wait, ms "
                + "| failed queries | other processes' CPU |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Double> longest = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> apply = new ArrayList<>();
        int disturbed = 0;
        int failed = 0;
        for (String[] r : rows) {
            boolean counted = !disturbed(r, 7);
            disturbed += counted ? 0 : 1;
            if (counted) {
                apply.add(Double.parseDouble(r[1]));
                p99.add(Double.parseDouble(r[4]));
                longest.add(Double.parseDouble(r[5]));
                failed += Integer.parseInt(r[6]);
            }
            s.append(String.format(Locale.ROOT, "| %s%s | %s | %s | %s | %s | %s | %s | %s |%n", r[0],
                    counted ? "" : " (not counted)", r[1], r[2], r[3], r[4], r[5], r[6], percent(r, 7)));
        }
        double worst = max(longest);
        boolean met = longest.size() >= MIN_ROUNDS && failed == 0 && worst < REBUILD_MAX_WAIT_MS;
        s.append(String.format(Locale.ROOT, "%n| over %d counted rounds | median | min – max |%n| --- | ---: | ---: |%n"
                + "| apply, ms | %.0f | %.0f – %.0f |%n| p99 wait, ms | %.2f | %.2f – %.2f |%n"
                + "| longest wait, ms | %.2f | %.2f – %.2f |%n%n", longest.size(), median(apply), min(apply), max(apply),
                median(p99), min(p99), max(p99), median(longest), min(longest), max(longest)));
        s.append(String.format(Locale.ROOT, "**Longest reader wait during a rebuild: %.2f ms** (over every query of "
                + "every counted round; %d failed). Target (every wait, over at least %d rounds, no failed query): "
                + "under %.0f ms: **%s**.%n", worst, failed, MIN_ROUNDS, REBUILD_MAX_WAIT_MS, met ? "met" : "missed"));
        return s.append(disturbedNote(disturbed)).append(discardedNote(results, "rebuild")).toString();
    }

    /**
     * A measurement during which other processes took more than this share of the machine is disturbed:
     * made again, and not counted if it stays so. 10 %; BENCH_DISTURBED_PERCENT raises it only to try the
     * harness out on a busy machine (the report states the value used).
     */
    static final double DISTURBED_PERCENT = disturbedPercent();

    private static double disturbedPercent() {
        String env = System.getenv("BENCH_DISTURBED_PERCENT");
        return env == null || env.isBlank() ? 10 : Double.parseDouble(env.strip());
    }

    private static boolean disturbed(String[] row, int column) {
        return row.length > column && !row[column].isEmpty() && !row[column].equals("NaN")
                && Double.parseDouble(row[column]) > DISTURBED_PERCENT;
    }

    private static String percent(String[] row, int column) {
        if (row.length <= column || row[column].isEmpty() || row[column].equals("NaN")) {
            return "?";
        }
        String p = row[column] + " %";
        return disturbed(row, column) ? "**" + p + "** ⚠" : p;
    }

    private static String disturbedNote(int disturbed) {
        if (DISTURBED_PERCENT != 10) {
            return String.format(Locale.ROOT, "%n**Not for publishing**: a run counted as disturbed only above %.0f %% "
                    + "(BENCH_DISTURBED_PERCENT) instead of 10 %%; %d run(s) were above it and are not counted.%n",
                    DISTURBED_PERCENT, disturbed);
        }
        if (disturbed == 0) {
            return String.format(Locale.ROOT, "%nNo run was disturbed: other processes took at most %.0f %% of the "
                    + "machine during each.%n", DISTURBED_PERCENT);
        }
        return String.format(Locale.ROOT, "%n⚠ %d run(s) shared the machine with other processes taking more than "
                + "%.0f %% of its CPU after every attempt (marked above); they are shown, not counted.%n", disturbed, DISTURBED_PERCENT);
    }

    private static String discardedNote(Path results, String benchmark) throws IOException {
        Path file = results.resolve("discarded.tsv");
        if (!Files.exists(file)) {
            return "";
        }
        List<String> mine = Files.readAllLines(file).stream().filter(l -> l.startsWith(benchmark + "\t")).toList();
        if (mine.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n%d measurement(s) were discarded and made "
                + "again because other processes took too much of the machine meanwhile:", mine.size()));
        for (String line : mine) {
            String[] f = line.split("\t");
            String unit = switch (benchmark) {
                case "refresh" -> " ms";
                case "rebuild" -> " ms longest wait";
                default -> " tps";
            };
            s.append(String.format(Locale.ROOT, " %s %s%s (%s, others %s %%);", benchmark.equals("writers") ? "run" : "round",
                    f[1], f[2], f[3] + unit, f[4]));
        }
        s.setLength(s.length() - 1);
        return s.append(".\n").toString();
    }

    private static String measuredBy(Properties env) {
        return "Measured " + env.getProperty("date") + " by `" + env.getProperty("command") + "`.\n\n";
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static void row(StringBuilder s, String key, String value) {
        s.append("| ").append(key).append(" | ").append(value == null ? "?" : value.replace("|", "\\|")).append(" |\n");
    }

    private static List<String[]> tsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private static List<Double> diffs(List<Double> a, List<Double> b) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            d.add(b.get(i) - a.get(i));
        }
        return d;
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
