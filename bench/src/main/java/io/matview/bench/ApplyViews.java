package io.matview.bench;

import io.matview.Matview;
import io.matview.plan.ApplyResult;
import java.nio.file.Path;

/** Creates the benchmark's views through Matview's own apply, as a user would. */
final class ApplyViews {
    private ApplyViews() {
    }

    static void run(String url, Path viewsDir) {
        Matview matview = Matview.configure().url(url, BenchMain.USER, null).viewsDirectory(viewsDir).load();
        long t0 = System.nanoTime();
        ApplyResult result = matview.apply();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("applied %s in %d ms%n%s%n", viewsDir, ms, result.plan());
        result.warnings().forEach(w -> System.out.println("warning: " + w));
    }
}
