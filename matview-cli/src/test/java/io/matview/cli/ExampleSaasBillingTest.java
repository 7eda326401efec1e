package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The SaaS billing example: {@code plan_usage} gives per plan the active subscriptions, their API
 * calls and their monthly revenue, each subscription counted once, where the naive join inflates it.
 */
class ExampleSaasBillingTest extends ExampleTest {

    @Override
    String example() {
        return "saas-billing";
    }

    /** What plan_usage must hold for one plan, computed in Java from the source rows. */
    record PlanTotals(long planId, String name, String region, long activeSubscriptions, long apiCalls, long revenueCents) {
    }

    /** Per plan, from plans, subscriptions and usage_records fetched row by row. */
    private Map<Long, PlanTotals> expected() {
        Map<Long, Long> callsPerSubscription = new HashMap<>();
        for (Map<String, Object> u : rows(db, "select subscription_id, api_calls from usage_records")) {
            callsPerSubscription.merge(num(u, "subscription_id"), num(u, "api_calls"), Long::sum);
        }
        Map<Long, long[]> perPlan = new HashMap<>(); // count, calls, revenue
        for (Map<String, Object> s : rows(db, "select id, plan_id, status, monthly_price_cents from subscriptions")) {
            if (!"active".equals(s.get("status"))) {
                continue;
            }
            long[] t = perPlan.computeIfAbsent(num(s, "plan_id"), k -> new long[3]);
            t[0]++;
            t[1] += callsPerSubscription.getOrDefault(num(s, "id"), 0L);
            t[2] += num(s, "monthly_price_cents");
        }
        Map<Long, PlanTotals> expected = new TreeMap<>();
        for (Map<String, Object> p : rows(db, "select id, name, region from plans")) {
            long[] t = perPlan.getOrDefault(num(p, "id"), new long[3]);
            expected.put(num(p, "id"), new PlanTotals(num(p, "id"), (String) p.get("name"), (String) p.get("region"), t[0], t[1], t[2]));
        }
        return expected;
    }

    private Map<Long, PlanTotals> planUsage() {
        Map<Long, PlanTotals> actual = new TreeMap<>();
        for (Map<String, Object> r : rows(db, "select * from plan_usage")) {
            actual.put(num(r, "plan_id"), new PlanTotals(num(r, "plan_id"), (String) r.get("plan_name"), (String) r.get("region"),
                    num(r, "active_subscriptions"), num(r, "api_calls"), num(r, "monthly_revenue_cents")));
        }
        return actual;
    }

    @Test
    void theDataSetHasTheManifestsSize() {
        assertThat(rows(db, "select count(*) as n from plans").get(0).get("n")).isEqualTo(12L);
        assertThat(rows(db, "select count(*) as n from subscriptions").get(0).get("n")).isEqualTo(2000L);
        assertThat(rows(db, "select count(*) as n from usage_records").get(0).get("n")).isEqualTo(20000L);
    }

    @Test
    void planUsageHoldsActiveSubscriptionsApiCallsAndRevenuePerPlan() {
        Map<Long, PlanTotals> expected = expected();
        assertThat(expected).hasSize(12);
        // the data must make the check meaningful: every plan has active subscriptions with usage
        assertThat(expected.values()).allMatch(p -> p.activeSubscriptions() > 0 && p.apiCalls() > 0);
        assertThat(planUsage()).isEqualTo(expected);
    }

    @Test
    void theNaiveJoinInflatesRevenueWherePlanUsageDoesNot() {
        Map<Long, PlanTotals> expected = expected();
        Map<Long, Long> naive = new HashMap<>();
        for (Map<String, Object> r : rows(db, """
                select s.plan_id, sum(s.monthly_price_cents)::bigint as revenue
                from subscriptions s
                join usage_records u on u.subscription_id = s.id
                where s.status = 'active'
                group by s.plan_id""")) {
            naive.put(num(r, "plan_id"), num(r, "revenue"));
        }
        assertThat(naive).hasSize(12);
        long naiveTotal = 0;
        long expectedTotal = 0;
        for (PlanTotals p : expected.values()) {
            // about ten usage records per subscription: the naive sum counts each price about ten times
            assertThat(naive.get(p.planId())).as("naive revenue of plan %s", p.name()).isGreaterThan(p.revenueCents());
            naiveTotal += naive.get(p.planId());
            expectedTotal += p.revenueCents();
        }
        assertThat(naiveTotal).isGreaterThan(5 * expectedTotal);
        Map<Long, Long> viewRevenue = new HashMap<>();
        planUsage().forEach((id, p) -> viewRevenue.put(id, p.revenueCents()));
        Map<Long, Long> expectedRevenue = new HashMap<>();
        expected.forEach((id, p) -> expectedRevenue.put(id, p.revenueCents()));
        assertThat(viewRevenue).isEqualTo(expectedRevenue).isNotEqualTo(naive);
    }

    @Test
    void revenueIsThePlanPriceTimesActiveSubscriptions() {
        // a second, differently written check: every subscription's price is its plan's
        for (Map<String, Object> r : rows(db, """
                select p.id, p.price_cents * (select count(*) from subscriptions s where s.plan_id = p.id and s.status = 'active') as revenue
                from plans p""")) {
            assertThat(planUsage().get(num(r, "id")).revenueCents()).isEqualTo(num(r, "revenue"));
        }
    }

    @Test
    void theServedQueryGivesTheEuPlansByRevenue() throws Exception {
        List<PlanTotals> eu = new ArrayList<>(expected().values().stream().filter(p -> p.region().equals("eu")).toList());
        eu.sort(Comparator.comparingLong(PlanTotals::revenueCents).reversed());
        assertThat(eu).hasSize(4);

        JsonNode body = getRows("plan_usage", "region=eq.eu&order=monthly_revenue_cents.desc");
        List<PlanTotals> served = new ArrayList<>();
        for (JsonNode r : body) {
            served.add(new PlanTotals(r.get("plan_id").asLong(), r.get("plan_name").asText(), r.get("region").asText(),
                    r.get("active_subscriptions").asLong(), r.get("api_calls").asLong(), r.get("monthly_revenue_cents").asLong()));
        }
        assertThat(served).extracting(PlanTotals::revenueCents).containsExactlyElementsOf(eu.stream().map(PlanTotals::revenueCents).toList());
        assertThat(served).containsExactlyInAnyOrderElementsOf(eu);
        if (eu.stream().map(PlanTotals::revenueCents).distinct().count() == eu.size()) {
            assertThat(served).containsExactlyElementsOf(eu);
        }
    }
}
