package io.matview.examples.billing;

import java.util.List;
import org.springframework.data.repository.Repository;

/** Reads {@code plan_usage}; a {@link Repository} without save or delete, as the view is read-only. */
public interface PlanUsageRepository extends Repository<PlanUsage, Integer> {

    List<PlanUsage> findByRegionOrderByMonthlyRevenueCentsDesc(String region);
}
