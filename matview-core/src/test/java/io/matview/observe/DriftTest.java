package io.matview.observe;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.refresh.RefreshMode;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code drift}, its estimate and {@code explain}: what they count, and that they change nothing. */
class DriftTest {
    @TempDir
    Path dir;
    DataSource db;
    Matview matview;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        execute(db, "create table items (id int primary key, qty int not null)",
                "insert into items select g, g from generate_series(1, 1000) g");
        ViewFiles files = new ViewFiles(dir);
        files.write("stock.sql", "-- materialized\n-- unique: id\nselect id, qty from items where qty > 0");
        files.write("live_stock.sql", "select id, qty from items");
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        matview.apply();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ", real-time"})
    void anIncrementalViewDriftsByTheRowsWrittenInItsWindowUntilItsRefresh(String realTime) {
        execute(db, "create table orders (id int primary key, created_at timestamptz not null, region text not null)",
                "insert into orders select g, now() - (g % 10) * interval '1 day', case when g % 2 = 0 then 'eu' else 'us' end "
                        + "from generate_series(1, 500) g");
        new ViewFiles(dir).write("daily.sql", "-- incremental: by day from orders.created_at, window 2 days" + realTime
                + "\n-- unique: day, region\nselect created_at::date as day, region, count(*) as n from orders group by 1, 2");
        matview.apply();
        assertThat(matview.drift("daily", DriftMode.FULL).differs()).isFalse();

        // a region never seen before: one row only in the query, whatever the day's other rows hold
        execute(db, "insert into orders values (1001, now(), 'asia'), (1002, now(), 'asia'), (1003, now(), 'asia')");

        Drift behind = matview.drift("daily", DriftMode.FULL);
        assertThat(behind.onlyInQuery()).isEqualTo(1);
        assertThat(behind.onlyInView()).isZero();
        assertThat(behind.queryRows()).isEqualTo(behind.viewRows() + 1);
        assertThat(matview.drift("daily", DriftMode.CHECKSUM).differs()).isTrue();

        assertThat(matview.refresh("daily").get(0).mode()).isEqualTo(RefreshMode.INCREMENTAL);
        for (DriftMode mode : DriftMode.values()) {
            assertThat(matview.drift("daily", mode).differs()).as("%s after the refresh", mode).isFalse();
        }
        Drift refreshed = matview.drift("daily", DriftMode.FULL);
        assertThat(refreshed.viewRows()).isEqualTo(behind.queryRows());
        assertThat(matview.driftEstimate("daily").queryRows()).isPositive();
    }

    @Test
    void aFreshViewHasNoDriftInAnyMode() {
        for (DriftMode mode : DriftMode.values()) {
            Drift d = matview.drift("stock", mode);
            assertThat(d.differs()).as("%s", mode).isFalse();
            assertThat(d.mode()).isEqualTo(mode);
        }
        Drift full = matview.drift("stock", DriftMode.FULL);
        assertThat(full.viewRows()).isEqualTo(1000);
        assertThat(full.queryRows()).isEqualTo(1000);
        assertThat(full.onlyInView()).isZero();
        assertThat(full.onlyInQuery()).isZero();
        assertThat(full.sampledPercent()).isEqualTo(100.0);
    }

    @Test
    void insertsUpdatesAndDeletesAfterTheRefreshAreCountedBothWays() {
        execute(db, "insert into items select g, g from generate_series(1001, 1005) g",
                "update items set qty = qty + 1 where id <= 3",
                "delete from items where id between 10 and 11");

        Drift d = matview.drift("stock", DriftMode.FULL);

        // 3 updated rows: the old version only in the view, the new only in the query
        assertThat(d.onlyInView()).isEqualTo(3 + 2);
        assertThat(d.onlyInQuery()).isEqualTo(5 + 3);
        assertThat(d.viewRows()).isEqualTo(1000);
        assertThat(d.queryRows()).isEqualTo(1003);
        assertThat(d.differs()).isTrue();
        assertThat(matview.drift("stock", DriftMode.CHECKSUM)).satisfies(c -> {
            assertThat(c.differs()).isTrue();
            assertThat(c.onlyInView()).isNull();
            assertThat(c.queryRows()).isEqualTo(1003);
        });
        // the check changed nothing: the view still holds what the last refresh stored
        assertThat(queryLong(db, "select count(*) from stock")).isEqualTo(1000);
    }

    @Test
    void theSampleComparesAboutOnePercentOfTheRowsOfBothSides() {
        execute(db, "update items set qty = qty + 1");

        Drift d = matview.drift("stock", DriftMode.SAMPLE);

        assertThat(d.sampledPercent()).isEqualTo(1.0);
        assertThat(d.viewRows()).isBetween(1L, 60L);
        assertThat(d.onlyInView()).isEqualTo(d.viewRows());
        // the sample is drawn by the unique key: every sampled row is seen changed on both sides
        assertThat(d.queryRows()).isEqualTo(d.viewRows());
        assertThat(d.onlyInQuery()).isEqualTo(d.viewRows());
        assertThat(d.differs()).isTrue();
    }

    @Test
    void theSampleOfAnAggregatingViewIsDrawnByItsKeyAndCountsEachChangedGroupOnBothSides() {
        execute(db, "create table sales (id int primary key, shop int not null, amount int not null)",
                "insert into sales select g, g % 5000, 1 from generate_series(1, 50000) g");
        new ViewFiles(dir).write("shop_totals.sql", "-- materialized\n-- unique: shop\nselect shop, sum(amount) as total from sales group by shop");
        matview.apply();
        execute(db, "update sales set amount = 2 where id <= 5000");

        Drift d = matview.drift("shop_totals", DriftMode.SAMPLE);
        Drift full = matview.drift("shop_totals", DriftMode.FULL);

        assertThat(full.onlyInView()).isEqualTo(5000);
        assertThat(d.viewRows()).isBetween(10L, 150L);
        assertThat(d.onlyInView()).isEqualTo(d.viewRows());
        assertThat(d.onlyInQuery()).isEqualTo(d.viewRows());
    }

    @Test
    void aViewWithoutAUniqueKeyIsSampledByWholeRows() {
        execute(db, "create table notes (body text not null)", "insert into notes select 'n' || g from generate_series(1, 3000) g");
        new ViewFiles(dir).write("note_list.sql", "-- materialized\nselect body from notes");
        matview.apply();
        execute(db, "insert into notes select 'm' || g from generate_series(1, 3000) g");

        Drift d = matview.drift("note_list", DriftMode.SAMPLE);

        assertThat(d.onlyInView()).isZero();
        assertThat(d.onlyInQuery()).isBetween(5L, 90L);
        assertThat(d.differs()).isTrue();
    }

    @Test
    void theEstimateGoesByTheRefreshesWhenThereAreSomeAndByThePlanBefore() {
        DriftEstimate before = matview.driftEstimate("stock");
        assertThat(before.basis()).contains("planner");
        assertThat(before.viewRows()).isEqualTo(1000);
        assertThat(before.queryRows()).isPositive();

        matview.refresh("stock");
        matview.refresh("stock");
        DriftEstimate after = matview.driftEstimate("stock");
        assertThat(after.basis()).contains("median of its last 2");
        long median = Math.round(matview.refreshHistory("stock", 2).stream().mapToLong(e -> e.durationMs()).sum() / 2.0);
        assertThat(after.estimatedMs()).isEqualTo(2 * median);
    }

    @Test
    void aPlainViewHasNoDriftButCanBeExplained() {
        assertThatThrownBy(() -> matview.drift("live_stock", DriftMode.FULL)).isInstanceOfSatisfying(MatviewException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_MATERIALIZED));
        assertThat(matview.explain("live_stock")).contains("Seq Scan on items").contains("actual time").contains("Buffers");
    }

    @Test
    void anUnknownOrHostileNameIsAnUnknownViewAndRunsNothing() {
        for (String name : new String[] {"nope", "stock; drop table items", "\"stock\"\"--", "items"}) {
            assertThatThrownBy(() -> matview.drift(name, DriftMode.FULL)).as(name).isInstanceOfSatisfying(MatviewException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_VIEW));
            assertThatThrownBy(() -> matview.explain(name)).as(name).isInstanceOf(MatviewException.class);
        }
        assertThat(queryLong(db, "select count(*) from items")).isEqualTo(1000);
    }

    @Test
    void aColumnWithoutEqualityCannotBeComparedRowByRowButItsChecksumCan() {
        execute(db, "create table docs (id int primary key, body json)", "insert into docs values (1, '{\"a\":1}')");
        new ViewFiles(dir).write("doc_view.sql", "-- materialized\n-- unique: id\nselect id, body from docs");
        matview.apply();

        assertThatThrownBy(() -> matview.drift("doc_view", DriftMode.FULL)).isInstanceOfSatisfying(MatviewException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DRIFT_NOT_COMPARABLE));
        assertThat(matview.drift("doc_view", DriftMode.CHECKSUM).differs()).isFalse();
    }
}
