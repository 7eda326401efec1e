package io.matview.spring.boot;

import io.matview.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The application contexts the tests start: the starter over a fresh database of its own. */
final class Contexts {
    private Contexts() {
    }

    /** The starter over {@code db}, with the scheduler off unless a test turns it on. */
    static ApplicationContextRunner over(DataSource db) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MatviewAutoConfiguration.class))
                .withBean(DataSource.class, () -> db)
                .withPropertyValues("matview.scheduler.enabled=false");
    }

    /** A fresh database with the table the test views read (what the Flyway migration of the tests creates). */
    static DataSource withPlans() {
        DataSource db = TestDatabase.fresh();
        TestDatabase.execute(db, "create table plans (id int primary key, region text not null, price numeric not null)",
                "insert into plans values (1, 'eu', 10), (2, 'eu', 20), (3, 'us', 30)");
        return db;
    }

    /** A views directory holding {@code files} (name, text, name, text, …), as a {@code filesystem:} location. */
    static String viewsLocation(Path dir, String... namesAndTexts) {
        try {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                Files.writeString(dir.resolve(namesAndTexts[i]), namesAndTexts[i + 1]);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "matview.views-location=filesystem:" + dir;
    }
}
