package io.matview.plan;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain view replaced in place ({@code CREATE OR REPLACE VIEW}) leaves no materialized view above
 * it holding rows of its old query: they are refreshed concurrently in the apply, or rebuilt beside.
 */
class ReplacedViewReadersTest {
    private DataSource db;
    private ViewFiles files;
    private Matview matview;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        db = TestDatabase.fresh();
        execute(db, "create table orders (id int primary key, customer text, total int)",
                "insert into orders values (1, 'ann', 10), (2, 'bob', 3), (3, 'ann', 4), (4, 'cid', 1)");
        files = new ViewFiles(dir);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        // an MV over a view over a view, and an MV over that MV
        files.write("paid_orders.sql", "select id, customer, total from orders where total > 0\n");
        files.write("customer_orders.sql", "select customer, total from paid_orders\n");
        files.write("revenue.sql", "-- materialized\n-- unique: customer\n"
                + "select customer, sum(total)::int as revenue from customer_orders group by customer\n");
        files.write("customer_count.sql", "-- materialized\n-- unique: id\n"
                + "select 1 as id, count(*)::int as customers from revenue\n");
        matview.apply();
    }

    private List<String> plannedLines() {
        return matview.plan().changes().stream().map(c -> c.action() + " " + c.view() + " (" + c.reason() + ")").toList();
    }

    private String revenue() {
        return queryString(db, "select string_agg(customer || '=' || revenue, ',' order by customer) from revenue");
    }

    private long generation(String view) {
        return queryLong(db, "select generation from matview.managed_view where view_name = '" + view + "'");
    }

    @Test
    void materializedViewsAboveAReplacedViewHoldDataOfTheNewDefinitionAfterApply() {
        long revenueGeneration = generation("revenue");
        long countGeneration = generation("customer_count");
        files.write("paid_orders.sql", "select id, customer, total from orders where total > 3\n");

        assertThat(plannedLines()).containsExactly(
                "replace public.paid_orders (its SQL changed)",
                "refresh public.revenue (it reads public.customer_orders, which reads public.paid_orders, whose SQL changed)",
                "refresh public.customer_count (it reads public.revenue, which is refreshed)");
        assertThat(matview.plan().toString()).contains("refresh  materialized view  public.revenue  (it reads");
        ApplyResult result = matview.apply();

        assertThat(result.plan().changes()).hasSize(3);
        assertThat(revenue()).isEqualTo("ann=14");
        assertThat(queryLong(db, "select customers from customer_count")).isEqualTo(1);
        assertThat(generation("revenue")).isGreaterThan(revenueGeneration);
        assertThat(generation("customer_count")).isGreaterThan(countGeneration);
        // a refresh is no new definition of the materialized views
        assertThat(queryLong(db, "select max(version) from matview.definition where view_name = 'revenue'")).isEqualTo(1);
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void anOwnChangeInPlaceAndARefreshAreOneStep() {
        files.write("paid_orders.sql", "select id, customer, total from orders where total > 3\n");
        files.write("revenue.sql", "-- materialized\n-- unique: customer\n-- description: Revenue per customer\n"
                + "select customer, sum(total)::int as revenue from customer_orders group by customer\n");

        assertThat(plannedLines()).contains("refresh public.revenue (its description changed; "
                + "it reads public.customer_orders, which reads public.paid_orders, whose SQL changed)");
        matview.apply();

        assertThat(revenue()).isEqualTo("ann=14");
        assertThat(queryString(db, "select obj_description('revenue'::regclass)")).isEqualTo("Revenue per customer");
        assertThat(queryLong(db, "select max(version) from matview.definition where view_name = 'revenue'")).isEqualTo(2);
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void aViewMatviewDoesNotManageBetweenIsFollowedAndLeftAlone() {
        execute(db, "create view adhoc as select customer, total from paid_orders");
        files.write("a_adhoc_revenue.sql", "-- materialized\n-- unique: customer\n"
                + "select customer, sum(total)::int as revenue from adhoc group by customer\n");
        matview.apply();
        String adhoc = queryString(db, "select pg_get_viewdef('adhoc'::regclass)");
        files.write("paid_orders.sql", "select id, customer, total from orders where total > 3\n");

        assertThat(plannedLines()).contains("refresh public.a_adhoc_revenue (it reads public.adhoc, which reads "
                + "public.paid_orders, whose SQL changed)");
        matview.apply();

        assertThat(queryString(db, "select string_agg(customer || '=' || revenue, ',') from a_adhoc_revenue"))
                .isEqualTo("ann=14");
        assertThat(queryString(db, "select pg_get_viewdef('adhoc'::regclass)")).isEqualTo(adhoc);
    }

    @Test
    void anUnpopulatedMaterializedViewIsRebuiltAndHoldsDataAfterwards() {
        execute(db, "refresh materialized view revenue with no data");
        files.write("paid_orders.sql", "select id, customer, total from orders where total > 3\n");

        assertThat(plannedLines()).containsExactly(
                "replace public.paid_orders (its SQL changed)",
                "rebuild public.revenue (it reads public.customer_orders, which reads public.paid_orders, whose SQL "
                        + "changed (rebuilt, not refreshed: it holds no data (it is not populated)))",
                "rebuild public.customer_count (it reads public.revenue, which is rebuilt)");
        matview.apply();

        assertThat(revenue()).isEqualTo("ann=14");
        assertThat(queryLong(db, "select customers from customer_count")).isEqualTo(1);
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void aMaterializedViewWithoutAUniqueKeyIsRebuilt() {
        files.write("revenue.sql", "-- materialized\n"
                + "select customer, sum(total)::int as revenue from customer_orders group by customer\n");
        matview.apply();
        files.write("paid_orders.sql", "select id, customer, total from orders where total > 3\n");

        assertThat(plannedLines()).contains("rebuild public.revenue (it reads public.customer_orders, which reads "
                + "public.paid_orders, whose SQL changed (rebuilt, not refreshed: it has no unique index a concurrent "
                + "refresh can use))");
        matview.apply();

        assertThat(revenue()).isEqualTo("ann=14");
        assertThat(matview.plan().isEmpty()).isTrue();
    }

    @Test
    void aMaterializedViewBuiltInTheSameApplyReadsTheReplacedViewThroughAnotherView() {
        files.write("paid_orders.sql", "select id, customer, total from orders where total > 3\n");
        files.write("big_customers.sql", "-- materialized\nselect distinct customer from customer_orders\n");
        matview.apply();

        assertThat(queryString(db, "select string_agg(customer, ',' order by customer) from big_customers")).isEqualTo("ann");
        assertThat(revenue()).isEqualTo("ann=14");
    }

    @Test
    void readersOfTheMaterializedViewAreNotBlockedWhileItIsRefreshed() throws Exception {
        // the new query takes a while, as a real report does: readers of revenue must not wait for it
        files.write("paid_orders.sql", "with slow as materialized (select pg_sleep(2))\n"
                + "select id, customer, total from orders, slow where total > 3\n");
        ConcurrentReaders readers = new ConcurrentReaders(db,
                "select string_agg(customer || '=' || revenue, ',' order by customer) from revenue", 3);
        ApplyResult result;
        try (readers) {
            result = readers.apply(matview);
        }
        long applyNanos = readers.applyNanos();

        assertThat(result.plan().changes()).extracting(Change::action)
                .containsExactly(Action.REPLACE, Action.REFRESH, Action.REFRESH);
        assertThat(readers.errors()).isEmpty();
        assertThat(readers.seen()).containsExactlyInAnyOrder("ann=14,bob=3,cid=1", "ann=14");
        // the refresh runs the slow query; a reader of revenue waits for none of it
        assertThat(readers.longestWaitNanos()).isLessThan(applyNanos / 4);
    }
}
