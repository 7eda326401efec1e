package io.matview.examples.billing;

import java.util.List;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /billing/plans?region=eu}: the plans of a region by monthly revenue, cached until
 * {@code plan_usage} is refreshed ({@code matview.cache-eviction.plan_usage=plans}), by this instance
 * or any other: no TTL to guess.
 */
@RestController
public class PlansController {
    private final Plans plans;

    PlansController(Plans plans) {
        this.plans = plans;
    }

    /** The answer, without JPA's proxies. */
    public record Plan(int planId, String planName, String region, long activeSubscriptions, long apiCalls,
                       long monthlyRevenueCents) {
    }

    @GetMapping("/billing/plans")
    public List<Plan> plans(@RequestParam String region) {
        return plans.inRegion(region);
    }

    @Service
    static class Plans {
        private final PlanUsageRepository repository;

        Plans(PlanUsageRepository repository) {
            this.repository = repository;
        }

        @Cacheable("plans")
        public List<Plan> inRegion(String region) {
            return repository.findByRegionOrderByMonthlyRevenueCentsDesc(region).stream()
                    .map(p -> new Plan(p.getPlanId(), p.getPlanName(), p.getRegion(), p.getActiveSubscriptions(),
                            p.getApiCalls(), p.getMonthlyRevenueCents()))
                    .toList();
        }
    }
}
