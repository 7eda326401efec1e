package io.matview.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The benchmark drivers, one sub-command each; bench/run.sh starts the server, loads the data and
 * calls these in turn. Every driver connects as {@code postgres} without a password (the throwaway
 * server trusts local connections) and writes its measurements as TSV for {@code report}.
 *
 * <pre>
 * apply     URL VIEWS_DIR                           apply the view files, print the time taken
 * refresh   URL VIEWS_DIR VIEW ROUNDS SERVER_PID OUT.tsv
 *                                                   benchmark 1: bare REFRESH vs Matview's refresh
 * scheduler URL VIEWS_DIR VIEW READY_FILE           run a Matview scheduler until SIGTERM (benchmark 2)
 * pgbench   URL RUN POSITION a|b SERVER_PID SCHEDULER_PID OUT.tsv LOG -- PGBENCH_COMMAND...
 *                                                   benchmark 2: one pgbench run, measured
 * idlecost  SERVER_PID SCHEDULER_PID SECONDS OUT.properties
 *                                                   benchmark 2: CPU of the server and of an idle scheduler
 * latency   URL VIEW TABLE SAMPLES OUT.tsv          benchmark 2: change-to-refresh delay
 * rebuild   URL VIEW_FILE ROUNDS READERS SERVER_PID OUT.tsv
 *                                                   benchmark 3: readers' wait while apply rebuilds a view
 * incremental URL VIEWS_DIR HISTORY ROUNDS BATCH,BATCH... OUT.tsv
 *                                                   issue 15: incremental vs concurrent vs plain refresh; reads
 * incremental-summary OUT.tsv [WRITERS.tsv]         its medians and issue 15's targets, met or missed, as Markdown
 * observe   URL VIEWS SOURCE_ROWS [full] [parts=status,nullkey,drift] [nullkey=ROWS,...] [cap=SECONDS] [log=ENTRIES]
 *                                                   benchmark 7: status() over VIEWS views, nullable unique key, drift
 * handwritten URL PORT                              the report server benchmark's hand-written endpoint, until killed
 * report    RESULTS_DIR DOC.md SECTION...           write results into the document (machine, refresh, writers, rebuild)
 * </pre>
 */
public final class BenchMain {
    public static final String USER = "postgres";
    /** Before each measurement, wait until other processes take less than this share of the machine ... */
    static final double QUIET_PERCENT = 15;
    /** ... for at most this long. */
    static final int QUIET_WAIT_SECONDS = 20;

    /** How often a measurement disturbed by other processes may be made: BENCH_ATTEMPTS, else {@code dflt}. */
    static int attempts(int dflt) {
        String env = System.getenv("BENCH_ATTEMPTS");
        return env == null || env.isBlank() ? dflt : Math.max(1, Integer.parseInt(env.strip()));
    }

    /**
     * Whether there is still time to wait for quiet and to repeat disturbed measurements: until
     * BENCH_DEADLINE (seconds since the epoch; run.sh sets it), or always when it is not set.
     */
    static boolean timeLeft() {
        String env = System.getenv("BENCH_DEADLINE");
        return env == null || env.isBlank() || System.currentTimeMillis() / 1000 < Long.parseLong(env.strip());
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "apply" -> {
                need(rest, 2);
                ApplyViews.run(rest[0], Path.of(rest[1]));
            }
            case "refresh" -> {
                need(rest, 6);
                RefreshBench.run(rest[0], Path.of(rest[1]), rest[2], Integer.parseInt(rest[3]), Long.parseLong(rest[4]),
                        Path.of(rest[5]));
            }
            case "handwritten" -> {
                need(rest, 2);
                HandWrittenEndpoint.run(rest[0], Integer.parseInt(rest[1]));
            }
            case "incremental" -> {
                need(rest, 6);
                IncrementalBench.run(rest[0], Path.of(rest[1]), Long.parseLong(rest[2]), Integer.parseInt(rest[3]),
                        Arrays.stream(rest[4].split(",")).mapToInt(Integer::parseInt).toArray(), Path.of(rest[5]));
            }
            case "incremental-summary" -> {
                if (rest.length != 1 && rest.length != 2) {
                    usage();
                }
                IncrementalBench.summarize(Path.of(rest[0]), rest.length > 1 ? Path.of(rest[1]) : null);
            }
            case "scheduler" -> {
                need(rest, 4);
                SchedulerProcess.run(rest[0], Path.of(rest[1]), rest[2], Path.of(rest[3]));
            }
            case "pgbench" -> {
                if (rest.length < 10 || !rest[8].equals("--")) {
                    usage();
                }
                PgbenchRun.run(rest[0], rest[1], rest[2], rest[3], Long.parseLong(rest[4]), Long.parseLong(rest[5]),
                        Path.of(rest[6]), Path.of(rest[7]), Arrays.asList(rest).subList(9, rest.length));
            }
            case "idlecost" -> {
                need(rest, 4);
                IdleCost.run(Long.parseLong(rest[0]), Long.parseLong(rest[1]), Integer.parseInt(rest[2]),
                        Path.of(rest[3]));
            }
            case "latency" -> {
                need(rest, 5);
                LatencyBench.run(rest[0], rest[1], rest[2], Integer.parseInt(rest[3]), Path.of(rest[4]));
            }
            case "rebuild" -> {
                need(rest, 6);
                RebuildBench.run(rest[0], Path.of(rest[1]), Integer.parseInt(rest[2]), Integer.parseInt(rest[3]),
                        Long.parseLong(rest[4]), Path.of(rest[5]));
            }
            case "observe" -> {
                if (rest.length < 3) {
                    usage();
                }
                ObserveBench.run(rest[0], Integer.parseInt(rest[1]), Long.parseLong(rest[2]),
                        ObserveBench.Options.parse(Arrays.asList(rest).subList(3, rest.length)));
            }
            case "report" -> {
                if (rest.length < 3) {
                    usage();
                }
                Report.run(Path.of(rest[0]), Path.of(rest[1]), Arrays.asList(rest).subList(2, rest.length));
            }
            default -> usage();
        }
    }

    private static void need(String[] args, int n) {
        if (args.length != n) {
            usage();
        }
    }

    private static void usage() {
        System.err.println("usage: java -jar matview-bench.jar apply|refresh|scheduler|pgbench|idlecost|latency|rebuild|observe|report ARGS... "
                + "(see bench/README.md)");
        System.exit(2);
    }
}
