package io.matview.cli;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.refresh.RefreshLogEntry;
import io.matview.testing.TestDatabase;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFile;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The customer orders example: {@code shop.customer_order_volume}, a materialized view per customer and
 * purchase day, reading the plain view {@code shop.complete_customer_data} (a view on a view).
 *
 * <p>The one test that changes data puts it back and refreshes, so the tests run in any order.
 */
class ExampleCustomerOrdersTest extends ExampleTest {

    @Override
    String example() {
        return "customer-orders";
    }

    record Key(long customerId, LocalDate day) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return Comparator.comparingLong(Key::customerId).thenComparing(Key::day).compare(this, o);
        }
    }

    record Volume(String name, String city, String state, long orders, long size, long costCents) {
    }

    /** Per (customer, purchase day), from the tables fetched row by row; days in the session's time zone, as in the view. */
    private Map<Key, Volume> expected() {
        ZoneId zone = ZoneId.of(queryString(db, "show timezone"));
        Map<Long, String> names = new HashMap<>();
        for (Map<String, Object> c : rows(db, "select id, name from shop.customers")) {
            names.put(num(c, "id"), (String) c.get("name"));
        }
        Map<Long, String[]> primary = new HashMap<>();
        for (Map<String, Object> a : rows(db, "select customer_id, city, state, is_primary from shop.addresses")) {
            if (Boolean.TRUE.equals(a.get("is_primary"))) {
                assertThat(primary.put(num(a, "customer_id"), new String[] {(String) a.get("city"), (String) a.get("state")}))
                        .as("customer %s has one primary address", a.get("customer_id")).isNull();
            }
        }
        Map<Long, long[]> perOrder = new HashMap<>(); // size, cost
        for (Map<String, Object> i : rows(db, "select order_id, quantity, unit_price_cents from shop.order_items")) {
            long[] t = perOrder.computeIfAbsent(num(i, "order_id"), k -> new long[2]);
            t[0] += num(i, "quantity");
            t[1] += num(i, "quantity") * num(i, "unit_price_cents");
        }
        Map<Key, long[]> totals = new TreeMap<>(); // orders, size, cost
        for (Map<String, Object> o : rows(db, "select id, customer_id, purchased_at from shop.orders")) {
            long[] items = perOrder.get(num(o, "id"));
            if (items == null) {
                continue; // an order without items has no row in the view (inner join)
            }
            Key key = new Key(num(o, "customer_id"), ((Timestamp) o.get("purchased_at")).toInstant().atZone(zone).toLocalDate());
            long[] t = totals.computeIfAbsent(key, k -> new long[3]);
            t[0]++;
            t[1] += items[0];
            t[2] += items[1];
        }
        Map<Key, Volume> expected = new TreeMap<>();
        totals.forEach((k, t) -> {
            String[] address = primary.get(k.customerId());
            expected.put(k, new Volume(names.get(k.customerId()), address[0], address[1], t[0], t[1], t[2]));
        });
        return expected;
    }

    private Map<Key, Volume> actual(String where) {
        Map<Key, Volume> actual = new TreeMap<>();
        for (Map<String, Object> r : rows(db, "select * from shop.customer_order_volume " + where)) {
            Key key = new Key(num(r, "customer_id"), ((java.sql.Date) r.get("purchase_date")).toLocalDate());
            Volume previous = actual.put(key, new Volume((String) r.get("customer_name"), (String) r.get("city"),
                    (String) r.get("state"), num(r, "orders"), num(r, "order_size"), num(r, "order_cost_cents")));
            assertThat(previous).as("two rows for %s", key).isNull();
        }
        return actual;
    }

    @Test
    void theDataSetHasTheManifestsSize() {
        assertThat(queryLong(db, "select count(*) from shop.customers")).isEqualTo(2_000L);
        assertThat(queryLong(db, "select count(*) from shop.products")).isEqualTo(200L);
        assertThat(queryLong(db, "select count(*) from shop.orders")).isEqualTo(10_000L);
        // every fifth customer has a second, non-primary address
        assertThat(queryLong(db, "select count(*) from shop.addresses")).isEqualTo(2_400L);
        assertThat(queryLong(db, "select count(*) from shop.orders o where not exists "
                + "(select 1 from shop.order_items i where i.order_id = o.id)")).isZero();
    }

    @Test
    void volumePerCustomerAndDayMatchesTheOrdersAndItems() {
        Map<Key, Volume> expected = expected();
        assertThat(expected.size()).isGreaterThan(9_000);
        assertThat(actual("")).isEqualTo(expected);
    }

    @Test
    void customerAndPurchaseDateIsAUniqueKeyBackedByAUniqueIndex() {
        assertThat(queryLong(db, "select count(*) - count(distinct (customer_id, purchase_date)) from shop.customer_order_volume"))
                .isZero();
        assertThat(queryLong(db, """
                select count(*) from pg_index x
                where x.indrelid = 'shop.customer_order_volume'::regclass and x.indisunique
                  and (select array_agg(a.attname::text order by a.attname)
                       from pg_attribute a where a.attrelid = x.indrelid and a.attnum = any (x.indkey))
                      = array['customer_id', 'purchase_date']""")).isEqualTo(1);
        assertThat(refreshed).filteredOn(e -> e.view().toString().equals("shop.customer_order_volume")).hasSize(1);
    }

    @Test
    void theServedQueryByStateGivesOnlyCaliforniaWithTheRightCount() throws Exception {
        Map<Key, Volume> expected = expected();
        Map<Key, Volume> california = new TreeMap<>();
        expected.forEach((k, v) -> {
            if (v.state().equals("CA")) {
                california.put(k, v);
            }
        });
        assertThat(california.size()).isBetween(1, 10_000).isLessThan(expected.size());

        JsonNode body = getRows("shop.customer_order_volume", "state=eq.CA&limit=10000");
        Map<Key, Volume> served = new TreeMap<>();
        for (JsonNode r : body) {
            served.put(new Key(r.get("customer_id").asLong(), LocalDate.parse(r.get("purchase_date").asText())),
                    new Volume(r.get("customer_name").asText(), r.get("city").asText(), r.get("state").asText(),
                            r.get("orders").asLong(), r.get("order_size").asLong(), r.get("order_cost_cents").asLong()));
        }
        assertThat(body.size()).isEqualTo(california.size());
        assertThat(served).isEqualTo(california);

        // the tour's variant: the five biggest Californian customer-days
        JsonNode top = getRows("shop.customer_order_volume", "state=eq.CA&order=order_cost_cents.desc&limit=5");
        List<Long> topCosts = new ArrayList<>();
        top.forEach(r -> topCosts.add(r.get("order_cost_cents").asLong()));
        assertThat(topCosts).containsExactlyElementsOf(california.values().stream().map(Volume::costCents)
                .sorted(Comparator.reverseOrder()).limit(5).toList());
    }

    @Test
    void theMaterializedViewReadsThePlainViewOfCustomers() {
        assertThat(queryString(db, "select relkind from pg_class where oid = 'shop.complete_customer_data'::regclass")).isEqualTo("v");
        assertThat(queryString(db, "select relkind from pg_class where oid = 'shop.customer_order_volume'::regclass")).isEqualTo("m");
        // PostgreSQL records that the materialized view's rule reads the view
        assertThat(queryLong(db, """
                select count(*) from pg_depend d
                join pg_rewrite r on r.oid = d.objid and d.classid = 'pg_rewrite'::regclass
                where r.ev_class = 'shop.customer_order_volume'::regclass
                  and d.refclassid = 'pg_class'::regclass
                  and d.refobjid = 'shop.complete_customer_data'::regclass""")).isPositive();
        // and Matview found the dependency from the SQL, ordering the view first
        ViewFile mv = matview.viewFiles().stream()
                .filter(v -> v.name().equals(QualifiedName.parse("shop.customer_order_volume", "public"))).findFirst().orElseThrow();
        assertThat(mv.dependencies()).contains(QualifiedName.parse("shop.complete_customer_data", "public"));
        List<String> order = matview.viewFiles().stream().map(v -> v.name().toString()).toList();
        assertThat(order.indexOf("shop.complete_customer_data")).isLessThan(order.indexOf("shop.customer_order_volume"));
    }

    @Test
    void aChangeSeenThroughThePlainViewReachesTheMaterializedViewOnRefresh() {
        long customer = queryLong(db, "select customer_id from shop.customer_order_volume where state = 'CA' "
                + "order by customer_id limit 1");
        Set<String> before = new HashSet<>(rows(db, "select distinct state from shop.customer_order_volume where customer_id = "
                + customer).stream().map(r -> (String) r.get("state")).toList());
        assertThat(before).containsExactly("CA");
        List<Map<String, Object>> saved = rows(db, "select id, city, state from shop.addresses where customer_id = " + customer);
        try {
            movesToTexas(customer);
        } finally {
            for (Map<String, Object> a : saved) {
                execute(db, "update shop.addresses set city = " + literal(a.get("city")) + ", state = " + literal(a.get("state"))
                        + " where id = " + num(a, "id"));
            }
            assertThat(matview.refresh("shop.customer_order_volume")).allMatch(RefreshLogEntry::ok);
        }
    }

    private static String literal(Object text) {
        return "'" + text.toString().replace("'", "''") + "'";
    }

    private void movesToTexas(long customer) {
        // move the customer's primary address to Texas; the non-primary one must not count
        execute(db, "update shop.addresses set city = 'Austin', state = 'TX' where customer_id = " + customer + " and is_primary",
                "update shop.addresses set city = 'Miami', state = 'FL' where customer_id = " + customer + " and not is_primary");
        assertThat(queryString(db, "select state from shop.complete_customer_data where customer_id = " + customer)).isEqualTo("TX");
        assertThat(queryString(db, "select distinct state from shop.customer_order_volume where customer_id = " + customer))
                .as("stale until refreshed").isEqualTo("CA");

        // populated and with its unique index, it refreshes without blocking readers
        assertThat(matview.refresh("shop.customer_order_volume")).singleElement()
                .satisfies(e -> assertThat(e.ok()).isTrue())
                .satisfies(e -> assertThat(e.mode()).isEqualTo(io.matview.refresh.RefreshMode.CONCURRENT));

        assertThat(rows(db, "select distinct city, state from shop.customer_order_volume where customer_id = " + customer))
                .containsExactly(Map.of("city", "Austin", "state", "TX"));
        assertThat(actual("")).isEqualTo(expected());
        assertThat(TestDatabase.queryLong(db, "select count(*) from shop.customer_order_volume where state = 'CA' and customer_id = "
                + customer)).isZero();
    }
}
