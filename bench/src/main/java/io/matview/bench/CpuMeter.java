package io.matview.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine's CPU went to processes that are not the benchmark's, from Linux's
 * {@code /proc}: the machine's busy time ({@code /proc/stat}) less the time of the benchmark's own
 * processes (the PostgreSQL server with all its backends, and this JVM). The machine may be shared
 * (builds, other test suites): a run during which others took much CPU is repeated, or flagged in
 * the report. Interrupt time is not counted as anyone's.
 *
 * <p>A process's time counts its exited children that it has reaped ({@code cutime}, {@code cstime}):
 * the postmaster reaps every backend, so a backend that lived and died during a run is counted.
 */
final class CpuMeter {
    private final long serverPid;
    private final long[] alsoOurs;
    private final long selfPid = ProcessHandle.current().pid();
    private long[] machine;
    private long ours;

    /** @param serverPid the postmaster's process id ({@code postmaster.pid}'s first line), or 0 if unknown */
    CpuMeter(long serverPid, long... alsoOurs) {
        this.serverPid = serverPid;
        this.alsoOurs = alsoOurs;
    }

    void start() {
        machine = machine();
        ours = ours();
    }

    /** Other processes' share of the machine's CPU since {@link #start()}, in percent; NaN without /proc. */
    double othersPercent() {
        long[] now = machine();
        long total = now[1] - machine[1];
        if (machine[1] == 0 || total <= 0) {
            return Double.NaN;
        }
        long others = (now[0] - machine[0]) - (ours() - ours);
        return Math.max(0, others) * 100.0 / total;
    }

    /**
     * Waits until others take less than {@code maxPercent} of the machine over one second, for at most
     * {@code maxSeconds} and not past the deadline ({@link BenchMain#timeLeft()}); returns the seconds waited.
     */
    int waitForQuiet(double maxPercent, int maxSeconds) throws InterruptedException {
        for (int waited = 0; waited < maxSeconds && BenchMain.timeLeft(); waited++) {
            start();
            Thread.sleep(1000);
            double others = othersPercent();
            if (Double.isNaN(others) || others < maxPercent) {
                return waited;
            }
        }
        return maxSeconds;
    }

    private long ours() {
        long sum = ticks(selfPid);
        for (long pid : alsoOurs) {
            sum += pid > 0 ? ticks(pid) : 0;
        }
        if (serverPid > 0) {
            sum += ticks(serverPid);
            sum += ProcessHandle.of(serverPid).stream().flatMap(ProcessHandle::children)
                    .mapToLong(p -> ticks(p.pid())).sum();
        }
        return sum;
    }

    /** utime + stime + cutime + cstime of one process, in clock ticks; 0 when it is gone. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is f[0], so utime (field 14) is f[11]
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {busy, total} ticks of all CPUs together. */
    private static long[] machine() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long user = Long.parseLong(f[1]);
                    long nice = Long.parseLong(f[2]);
                    long system = Long.parseLong(f[3]);
                    long idle = Long.parseLong(f[4]);
                    long iowait = Long.parseLong(f[5]);
                    long irq = Long.parseLong(f[6]);
                    long softirq = Long.parseLong(f[7]);
                    long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                    // interrupt time is left out: the kernel charges it to no process, and most of it is the
                    // benchmark's own loopback traffic
                    long busy = user + nice + system + steal;
                    return new long[] {busy, busy + idle + iowait + irq + softirq};
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no measurement
        }
        return new long[] {0, 0};
    }
}
