package io.matview.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Benchmark 2, for the explanation: the CPU an idle scheduler costs, measured directly rather than
 * through the writers' throughput (whose run-to-run spread is larger than the cost). Over
 * {@code seconds}, after a settling pause of 20 s: the CPU time of the PostgreSQL server (postmaster and
 * every backend, so the scheduler's per-tick backends too) and of the scheduler's JVM. run.sh
 * measures once without a scheduler and once with one; the difference in the server's time is what
 * the scheduler's ticks cost the database.
 */
final class IdleCost {
    /** A JVM just started is still compiling (JIT): let it settle before measuring. */
    private static final long SETTLE_MS = 20_000;
    private IdleCost() {
    }

    static void run(long serverPid, long schedulerPid, int seconds, Path out) throws IOException, InterruptedException {
        CpuMeter meter = new CpuMeter(serverPid, schedulerPid);
        Thread.sleep(SETTLE_MS);
        meter.waitForQuiet(BenchMain.QUIET_PERCENT, BenchMain.QUIET_WAIT_SECONDS);
        long server0 = serverTicks(serverPid);
        long scheduler0 = schedulerPid > 0 ? CpuMeter.ticks(schedulerPid) : 0;
        meter.start();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double others = meter.othersPercent();
        double serverMsPerS = (serverTicks(serverPid) - server0) * 10 / elapsed;
        double schedulerMsPerS = schedulerPid > 0 ? (CpuMeter.ticks(schedulerPid) - scheduler0) * 10 / elapsed : 0;
        String text = String.format(Locale.ROOT, "server_ms_per_s=%.2f%nscheduler_ms_per_s=%.2f%nothers_pct=%.1f%n"
                + "seconds=%d%n", serverMsPerS, schedulerMsPerS, others, seconds);
        Files.writeString(out, text);
        System.out.printf(Locale.ROOT, "%s: PostgreSQL server %.1f ms CPU per second, scheduler JVM %.1f ms CPU per "
                + "second (other processes: %.1f %% of the machine)%n", schedulerPid > 0 ? "scheduler idle"
                : "no scheduler", serverMsPerS, schedulerMsPerS, others);
    }

    private static long serverTicks(long serverPid) {
        return CpuMeter.ticks(serverPid) + ProcessHandle.of(serverPid).stream().flatMap(ProcessHandle::children)
                .mapToLong(p -> CpuMeter.ticks(p.pid())).sum();
    }
}
