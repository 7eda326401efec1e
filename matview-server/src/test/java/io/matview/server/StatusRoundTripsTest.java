package io.matview.server;

import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.catalog.ViewStatus;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What {@code Matview.status()} costs the database, counted on the wire: the same round trips for 5
 * managed views as for 50, so the cost of observing does not grow with a query per view.
 */
class StatusRoundTripsTest {
    @TempDir
    Path dir;

    @Test
    void statusTakesAsManyRoundTripsForFiftyViewsAsForFive() throws Exception {
        DataSource db = TestDatabase.fresh();
        execute(db, "create table items (id int primary key, grp int not null)",
                "insert into items select g, g % 50 from generate_series(1, 500) g");
        ViewFiles files = new ViewFiles(dir);
        try (WireCounter wire = new WireCounter("localhost", TestDatabase.server().getPort())) {
            PGSimpleDataSource proxied = new PGSimpleDataSource();
            proxied.setURL("jdbc:postgresql://localhost:" + wire.port() + "/" + TestDatabase.databaseName(db) + "?sslmode=disable");
            proxied.setUser("postgres");
            try (Matview matview = Matview.configure().dataSource(proxied).viewsDirectory(dir).load()) {
                long five = roundTripsOfStatus(matview, wire, files, 5);
                long fifty = roundTripsOfStatus(matview, wire, files, 50);

                assertThat(fifty).as("round trips of status() for 50 views").isEqualTo(five);
            }
        }
    }

    /** Round trips of one status() once {@code views} views (half of them keyed, all with sources) are applied. */
    private static long roundTripsOfStatus(Matview matview, WireCounter wire, ViewFiles files, int views) {
        for (int i = 0; i < views; i++) {
            files.write("v" + i + ".sql", "-- materialized\n" + (i % 2 == 0 ? "-- unique: id\n" : "")
                    + "-- refresh: " + (i % 3 == 0 ? "on change" : "every 1 hour") + "\nselect id from items where grp = " + i);
        }
        matview.apply();
        matview.status();
        long before = wire.roundTrips();
        List<ViewStatus> status = matview.status();
        long roundTrips = wire.roundTrips() - before;
        assertThat(status).hasSize(views);
        assertThat(status).allSatisfy(s -> assertThat(s.sources()).isNotEmpty());
        return roundTrips;
    }
}
