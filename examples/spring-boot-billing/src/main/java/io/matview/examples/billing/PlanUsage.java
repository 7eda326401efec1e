package io.matview.examples.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * One row of the materialized view {@code plan_usage}: read-only, since Matview owns the view and
 * only a refresh changes it.
 */
@Entity
@Immutable
@Table(name = "plan_usage")
public class PlanUsage {
    @Id
    @Column(name = "plan_id")
    private Integer planId;
    private String planName;
    private String region;
    private long activeSubscriptions;
    private long apiCalls;
    private long monthlyRevenueCents;

    protected PlanUsage() {
    }

    public Integer getPlanId() {
        return planId;
    }

    public String getPlanName() {
        return planName;
    }

    public String getRegion() {
        return region;
    }

    public long getActiveSubscriptions() {
        return activeSubscriptions;
    }

    public long getApiCalls() {
        return apiCalls;
    }

    public long getMonthlyRevenueCents() {
        return monthlyRevenueCents;
    }
}
