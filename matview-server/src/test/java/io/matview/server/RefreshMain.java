package io.matview.server;

import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * Another Matview process, as the CLI's {@code matview refresh VIEW} would be: {@code RefreshMain JDBC_URL VIEW}
 * refreshes the view through the core API and exits 0 when it succeeded. {@link CacheTest} runs it in a child JVM.
 */
public final class RefreshMain {

    private RefreshMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: RefreshMain JDBC_URL VIEW");
            System.exit(2);
        }
        Matview matview = Matview.configure().url(args[0], null, null).viewsDirectory(Path.of(".")).load();
        List<RefreshLogEntry> entries = matview.refresh(args[1]);
        entries.forEach(e -> System.out.println("refreshed " + e.view() + ": " + e.status() + ", generation " + e.generation()
                + ", process " + ProcessHandle.current().pid()));
        System.exit(entries.stream().allMatch(RefreshLogEntry::ok) ? 0 : 1);
    }
}
