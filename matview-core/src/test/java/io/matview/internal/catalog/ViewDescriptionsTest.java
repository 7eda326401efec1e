package io.matview.internal.catalog;

import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.catalog.ViewColumn;
import io.matview.catalog.ViewDescription;
import io.matview.catalog.ViewIndex;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Matview#describeViews()} and {@link Matview#generations()}: what a server serves, from the core. */
class ViewDescriptionsTest {
    @TempDir
    Path dir;
    DataSource db;
    Matview matview;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        execute(db, "create table sales (id int primary key, region text not null, amount numeric(12,2) not null)",
                "insert into sales values (1, 'eu', 10.50), (2, 'us', 20.25), (3, 'eu', 5)");
        ViewFiles files = new ViewFiles(dir);
        files.write("by_region.sql", "-- materialized\n-- unique: \"Region\"\n-- index: total desc\n-- refresh: every 5 minutes\n"
                + "-- description: Sales per region\n"
                + "select region as \"Region\", sum(amount)::numeric(14,2) as total, count(*)::int as n from sales group by 1\n");
        files.write("eu_sales.sql", "select id, amount from sales where region = 'eu'\n");
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
    }

    @Test
    void beforeAnyApplyNothingIsServed() {
        assertThat(matview.describeViews()).isEmpty();
        assertThat(matview.generations()).isEmpty();
    }

    @Test
    void describesEachManagedViewWithColumnsTypesIndexesKeyAndPolicy() {
        matview.apply();
        Map<QualifiedName, ViewDescription> views = matview.describeViews();

        assertThat(views.keySet()).containsExactly(new QualifiedName("public", "by_region"),
                new QualifiedName("public", "eu_sales"));
        ViewDescription mv = views.get(new QualifiedName("public", "by_region"));
        assertThat(mv.runtime().kind()).isEqualTo(Kind.MATERIALIZED_VIEW);
        assertThat(mv.runtime().refresh()).hasToString("every 5 minutes");
        assertThat(mv.runtime().generation()).isEqualTo(1);
        assertThat(mv.columns()).containsExactly(
                new ViewColumn("Region", "text", "text", "text", "S"),
                new ViewColumn("total", "numeric(14,2)", "numeric", "numeric", "N"),
                new ViewColumn("n", "integer", "integer", "int4", "N"));
        assertThat(mv.uniqueKey()).containsExactly("Region");
        assertThat(mv.indexes()).extracting(ViewIndex::name)
                .containsExactly("by_region_region_key", "by_region_total_idx");
        assertThat(mv.indexes().get(0).definition()).startsWith("CREATE UNIQUE INDEX by_region_region_key");
        assertThat(mv.description()).isEqualTo("Sales per region");
        assertThat(mv.sizeBytes()).isPositive();
        assertThat(mv.rowEstimate()).isNotNull();

        ViewDescription plain = views.get(new QualifiedName("public", "eu_sales"));
        assertThat(plain.runtime().kind()).isEqualTo(Kind.VIEW);
        assertThat(plain.columns()).extracting(ViewColumn::name).containsExactly("id", "amount");
        assertThat(plain.columns().get(1).type()).isEqualTo("numeric(12,2)");
        assertThat(plain.uniqueKey()).isEmpty();
        assertThat(plain.indexes()).isEmpty();
        assertThat(plain.rowEstimate()).isNull();
        assertThat(plain.sizeBytes()).isNull();
    }

    @Test
    void aViewDroppedOutsideMatviewIsNotServed() {
        matview.apply();
        execute(db, "drop view eu_sales");
        assertThat(matview.describeViews()).containsOnlyKeys(new QualifiedName("public", "by_region"));
    }

    @Test
    void generationsFollowEachRefresh() {
        matview.apply();
        QualifiedName mv = new QualifiedName("public", "by_region");
        assertThat(matview.generations()).containsEntry(mv, 1L);
        matview.refresh(mv);
        matview.refresh(mv);
        assertThat(matview.generations()).containsEntry(mv, 3L);
        assertThat(matview.describeViews().get(mv).runtime().generation()).isEqualTo(3);
    }
}
