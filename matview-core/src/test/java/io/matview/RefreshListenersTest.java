package io.matview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.matview.catalog.RefreshNotification;
import io.matview.catalog.RefreshSubscription;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshStatus;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a process hears of refreshes: its own attempts (onRefresh), and every process's (listen). */
class RefreshListenersTest {
    @TempDir
    Path dir;

    @Test
    void onRefreshHearsEveryAttemptOfThisProcessWithItsStatus() {
        DataSource db = TestDatabase.fresh();
        ViewFiles files = new ViewFiles(dir);
        files.write("base.sql", "-- materialized\n-- unique: n\nselect 1 as n");
        files.write("above.sql", "-- materialized\nselect n from base");
        List<RefreshLogEntry> heard = new CopyOnWriteArrayList<>();
        try (Matview matview = Matview.configure().dataSource(db).viewsDirectory(dir).onRefresh(heard::add).load()) {
            matview.apply();
            List<RefreshLogEntry> made = matview.refresh("base");

            assertThat(heard).isEqualTo(made);
            assertThat(heard).extracting(e -> e.view().name()).containsExactly("base", "above");
            assertThat(heard).extracting(RefreshLogEntry::status).containsOnly(RefreshStatus.OK);
        }
    }

    @Test
    void aFailingListenerDoesNotFailTheRefresh() {
        DataSource db = TestDatabase.fresh();
        new ViewFiles(dir).write("base.sql", "-- materialized\nselect 1 as n");
        try (Matview matview = Matview.configure().dataSource(db).viewsDirectory(dir)
                .onRefresh(e -> { throw new IllegalStateException("metrics are down"); }).load()) {
            matview.apply();
            assertThat(matview.refresh("base")).extracting(RefreshLogEntry::status).containsExactly(RefreshStatus.OK);
        }
    }

    @Test
    void listenHearsTheRefreshesOfAnotherProcess() {
        DataSource db = TestDatabase.fresh();
        new ViewFiles(dir).write("base.sql", "-- materialized\nselect 1 as n");
        List<RefreshNotification> heard = new CopyOnWriteArrayList<>();
        AtomicInteger listening = new AtomicInteger();
        try (Matview other = Matview.configure().dataSource(db).viewsDirectory(dir).load();
             Matview self = Matview.configure().dataSource(db).viewsDirectory(dir).load();
             RefreshSubscription listener = self.listen(heard::add, listening::incrementAndGet)) {
            other.apply();
            await().atMost(Duration.ofSeconds(20)).until(() -> listening.get() == 1 && listener.listening());
            long generation = other.refresh("base").get(0).generation();

            QualifiedName base = new QualifiedName("public", "base");
            await().atMost(Duration.ofSeconds(20)).until(() -> heard.contains(new RefreshNotification(base, generation)));
        }
    }
}
