package io.matview.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changed materialized view is built beside the old one: readers keep reading the old data during
 * the whole build and wait only for the swap.
 */
class ZeroDowntimeRebuildTest {
    private static final int READERS = 3;
    /** The new version's build sleeps this long, so that readers overlap it for sure. */
    private static final double BUILD_SECONDS = 2.0;

    @TempDir
    Path dir;

    @Test
    void readersNeverFailAndWaitOnlyForTheSwapNotForTheBuild() throws Exception {
        DataSource db = TestDatabase.fresh();
        ViewFiles files = new ViewFiles(dir);
        files.write("totals.sql", "-- materialized\n-- unique: id\nselect g as id, 1 as version from generate_series(1, 1000) g\n");
        Matview matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        matview.apply();
        files.write("totals.sql", "-- materialized\n-- unique: id\n"
                + "with slow as materialized (select pg_sleep(" + BUILD_SECONDS + "))\n"
                + "select g as id, 2 as version from generate_series(1, 1000) g, slow\n");

        ConcurrentReaders readers = new ConcurrentReaders(db,
                "select format('%s rows of version %s..%s', count(*), min(version), max(version)) from totals", READERS);
        ApplyResult result;
        try (readers) {
            result = readers.apply(matview);
        }
        long applyNanos = readers.applyNanos();

        System.out.printf("zero-downtime rebuild: apply took %d ms, %d reads, longest read %d ms%n",
                applyNanos / 1_000_000, readers.reads(), readers.longestWaitNanos() / 1_000_000);
        assertThat(result.plan().changes()).singleElement().extracting(Change::action).isEqualTo(Action.REBUILD);
        assertThat(readers.errors()).isEmpty();
        assertThat(readers.seen()).containsExactlyInAnyOrder("1000 rows of version 1..1", "1000 rows of version 2..2");
        assertThat(applyNanos).isGreaterThan((long) (BUILD_SECONDS * 1e9));
        // The contrast the design promises: a reader is held for the swap, a small part of the build.
        assertThat(readers.longestWaitNanos()).isLessThan(applyNanos / 4);
    }
}
