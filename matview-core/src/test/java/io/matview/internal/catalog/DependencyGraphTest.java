package io.matview.internal.catalog;

import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Matview#dependencies()}: the graph of managed views that the dashboard draws, from the catalog. */
class DependencyGraphTest {
    @TempDir
    Path dir;

    @Test
    void eachManagedViewListsTheManagedViewsItReadsEvenThroughAnUnmanagedView() {
        DataSource db = TestDatabase.fresh();
        execute(db, "create table sales (id int primary key, region text not null, amount int not null)");
        ViewFiles files = new ViewFiles(dir);
        files.write("by_region.sql", "-- materialized\n-- unique: region\nselect region, sum(amount) as total from sales group by 1\n");
        files.write("eu.sql", "select region, total from by_region where region = 'eu'\n");
        files.write("both.sql", "-- materialized\n-- unique: region\n"
                + "select b.region, b.total from by_region b join eu using (region)\n");
        files.write("alone.sql", "select id from sales\n");
        Matview matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        assertThat(matview.dependencies()).isEmpty();

        matview.apply();
        execute(db, "create view unmanaged as select region from public.both");
        files.write("top.sql", "select region from unmanaged\n");
        matview.apply();

        QualifiedName byRegion = new QualifiedName("public", "by_region");
        QualifiedName eu = new QualifiedName("public", "eu");
        QualifiedName both = new QualifiedName("public", "both");
        assertThat(matview.dependencies()).isEqualTo(Map.of(
                eu, Set.of(byRegion),
                both, Set.of(byRegion, eu),
                new QualifiedName("public", "top"), Set.of(both)));
    }
}
