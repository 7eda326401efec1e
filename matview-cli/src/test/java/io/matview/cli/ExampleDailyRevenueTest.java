package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.testing.TestDatabase;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daily revenue example: {@code reporting.daily_revenue} (paid orders per day) and the plain view
 * {@code reporting.revenue_last_90_days} on top of it, zero-filled, with a rolling 7-day sum.
 *
 * <p>Days are those of the session's time zone, as in the views; the expectations are computed in
 * Java from every order fetched.
 */
class ExampleDailyRevenueTest extends ExampleTest {
    /** Days 100 and 700 of the generated two years had no orders (data.sql); day 700 is in the last 90 days. */
    private static final int[] OUTAGE_DAYS = {100, 700};

    private ZoneId zone;
    private LocalDate today;
    /** Per day with paid orders: {count, revenue}. */
    private final Map<LocalDate, long[]> paid = new TreeMap<>();
    /** Per day with any order, whatever its status. */
    private final Map<LocalDate, Long> anyOrders = new TreeMap<>();

    @Override
    String example() {
        return "daily-revenue";
    }

    @BeforeAll
    void computeExpectations() {
        zone = ZoneId.of(TestDatabase.queryString(db, "show timezone"));
        today = LocalDate.now(zone);
        for (Map<String, Object> o : rows(db, "select created_at, total_cents, status from orders")) {
            LocalDate day = ((Timestamp) o.get("created_at")).toInstant().atZone(zone).toLocalDate();
            anyOrders.merge(day, 1L, Long::sum);
            if (o.get("status").equals("paid")) {
                long[] t = paid.computeIfAbsent(day, d -> new long[2]);
                t[0]++;
                t[1] += num(o, "total_cents");
            }
        }
    }

    private long revenue(LocalDate day) {
        long[] t = paid.get(day);
        return t == null ? 0 : t[1];
    }

    private long count(LocalDate day) {
        long[] t = paid.get(day);
        return t == null ? 0 : t[0];
    }

    /** reporting.revenue_last_90_days, by day: {order_count, revenue_cents, revenue_7d_cents}. */
    private Map<LocalDate, long[]> last90() {
        Map<LocalDate, long[]> shown = new TreeMap<>();
        for (Map<String, Object> r : rows(db, "select * from reporting.revenue_last_90_days")) {
            long[] previous = shown.put(((Date) r.get("day")).toLocalDate(),
                    new long[] {num(r, "order_count"), num(r, "revenue_cents"), num(r, "revenue_7d_cents")});
            assertThat(previous).as("day %s shown twice", r.get("day")).isNull();
        }
        return shown;
    }

    @Test
    void ordersSpanTwoYearsUpToYesterday() {
        assertThat(TestDatabase.queryLong(db, "select count(*) from orders")).isBetween(49_000L, 50_000L);
        assertThat(anyOrders.keySet()).allMatch(d -> !d.isBefore(today.minusDays(730)) && d.isBefore(today));
    }

    @Test
    void dailyRevenueHoldsCountAndSumOfPaidOrdersPerDay() {
        Map<LocalDate, long[]> view = new TreeMap<>();
        for (Map<String, Object> r : rows(db, "select day, order_count, revenue_cents from reporting.daily_revenue")) {
            view.put(((Date) r.get("day")).toLocalDate(), new long[] {num(r, "order_count"), num(r, "revenue_cents")});
        }
        assertThat(view.keySet()).containsExactlyElementsOf(paid.keySet());
        paid.forEach((day, t) -> assertThat(view.get(day)).as("day %s", day).containsExactly(t));
        // failed and pending orders are left out: the totals are less than over all orders
        long all = TestDatabase.queryLong(db, "select sum(total_cents) from orders");
        assertThat(paid.values().stream().mapToLong(t -> t[1]).sum()).isLessThan(all);
    }

    @Test
    void outageDaysHaveNoOrdersAndNoDailyRevenueRow() {
        LocalDate start = today.minusDays(730);
        for (int d : OUTAGE_DAYS) {
            LocalDate outage = start.plusDays(d);
            assertThat(anyOrders).as("orders on outage day %s", outage).doesNotContainKey(outage);
            assertThat(TestDatabase.queryLong(db, "select count(*) from reporting.daily_revenue where day = date '" + outage + "'"))
                    .isZero();
        }
    }

    @Test
    void last90DaysShowsEveryDayOnceZeroFilled() {
        Map<LocalDate, long[]> shown = last90();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = today.minusDays(90); d.isBefore(today); d = d.plusDays(1)) {
            days.add(d);
        }
        assertThat(days).hasSize(90);
        assertThat(shown.keySet()).containsExactlyElementsOf(days);
        for (LocalDate d : days) {
            assertThat(shown.get(d)[0]).as("order_count of %s", d).isEqualTo(count(d));
            assertThat(shown.get(d)[1]).as("revenue_cents of %s", d).isEqualTo(revenue(d));
        }
    }

    @Test
    void rolling7DaySumIsTheLastSevenDaysRevenue() {
        Map<LocalDate, long[]> shown = last90();
        LocalDate first = today.minusDays(90);
        shown.forEach((day, t) -> {
            if (day.equals(first)) {
                return; // see firstShownDaysRolling7DaySumIsWhole
            }
            long expected = 0;
            for (int i = 0; i < 7; i++) {
                expected += revenue(day.minusDays(i));
            }
            assertThat(t[2]).as("revenue_7d_cents of %s", day).isEqualTo(expected);
        });
    }

    @Test
    void firstShownDaysRolling7DaySumIsWhole() {
        LocalDate first = today.minusDays(90);
        long expected = 0;
        for (int i = 0; i < 7; i++) {
            expected += revenue(first.minusDays(i));
        }
        assertThat(last90().get(first)[2]).as("revenue_7d_cents of the first shown day %s", first).isEqualTo(expected);
    }

    @Test
    void anOutageDayIsZeroFilledInTheLast90Days() {
        Map<LocalDate, long[]> shown = last90();
        List<LocalDate> zeroDays = shown.entrySet().stream().filter(e -> e.getValue()[0] == 0).map(Map.Entry::getKey).toList();
        assertThat(zeroDays).as("days without orders among the last 90").isNotEmpty();
        for (LocalDate d : zeroDays) {
            assertThat(anyOrders).doesNotContainKey(d);
            assertThat(shown.get(d)[1]).isZero();
        }
    }

    @Test
    void theServedQueryGivesTheLast30Days() throws Exception {
        JsonNode body = getRows("reporting.daily_revenue", "day=gte.now-30d&order=day.asc");
        // on a date column, now-30d is the date 30 days ago: from it to yesterday (no orders today)
        List<LocalDate> expectedDays = paid.keySet().stream().filter(d -> !d.isBefore(today.minusDays(30))).toList();
        // 30 days less the outage of day 700, which is 30 days ago
        assertThat(expectedDays).hasSize(29).doesNotContain(today.minusDays(30));
        List<LocalDate> servedDays = new ArrayList<>();
        for (JsonNode r : body) {
            LocalDate day = LocalDate.parse(r.get("day").asText());
            servedDays.add(day);
            assertThat(r.get("order_count").asLong()).as("order_count of %s", day).isEqualTo(count(day));
            assertThat(r.get("revenue_cents").asLong()).as("revenue_cents of %s", day).isEqualTo(revenue(day));
        }
        assertThat(servedDays).containsExactlyElementsOf(expectedDays);

        // the tour's variant: the last 7 days, newest first
        JsonNode week = getRows("reporting.daily_revenue", "day=gte.now-30d&order=day.desc&limit=7");
        List<LocalDate> weekDays = new ArrayList<>();
        week.forEach(r -> weekDays.add(LocalDate.parse(r.get("day").asText())));
        assertThat(weekDays).containsExactly(today.minusDays(1), today.minusDays(2), today.minusDays(3), today.minusDays(4),
                today.minusDays(5), today.minusDays(6), today.minusDays(7));
    }

    /** Rows of reporting.daily_revenue its query does not give, and the other way round: 0 when equal. */
    private long differenceFromQuery() {
        String query = "(select created_at::date as day, count(*) as order_count, sum(total_cents)::bigint as revenue_cents"
                + " from orders where status = 'paid' group by 1)";
        return TestDatabase.queryLong(db, "select (select count(*) from (table reporting.daily_revenue except all " + query
                + ") a) + (select count(*) from (" + query + " except all table reporting.daily_revenue) b)");
    }

    @Test
    void todaysOrdersShowAtOnceAndAnIncrementalRefreshKeepsTheViewEqualToItsQuery() {
        long next = TestDatabase.queryLong(db, "select max(id) + 1 from orders");
        try {
            TestDatabase.execute(db, "insert into orders (id, customer_id, created_at, total_cents, status) values ("
                    + next + ", 1, now(), 1234, 'paid'), (" + (next + 1) + ", 2, now(), 766, 'paid'), ("
                    + (next + 2) + ", 3, now(), 999, 'failed')");
            assertThat(TestDatabase.queryString(db, "select order_count || ' ' || revenue_cents from reporting.daily_revenue "
                    + "where day = current_date")).as("real-time: no refresh yet").isEqualTo("2 2000");
            List<RefreshLogEntry> log = matview.refresh("reporting.daily_revenue");
            assertThat(log.get(0).mode()).isEqualTo(RefreshMode.INCREMENTAL);
            assertThat(differenceFromQuery()).isZero();
        } finally {
            TestDatabase.execute(db, "delete from orders where id >= " + next);
            matview.refresh("reporting.daily_revenue");
        }
        assertThat(differenceFromQuery()).isZero();
        assertThat(TestDatabase.queryLong(db, "select count(*) from reporting.daily_revenue where day = current_date")).isZero();
    }
}
