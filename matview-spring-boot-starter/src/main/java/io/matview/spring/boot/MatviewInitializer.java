package io.matview.spring.boot;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.plan.ApplyOption;
import io.matview.plan.ApplyResult;
import io.matview.plan.Plan;
import io.matview.spring.boot.MatviewProperties.StartupAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies (or validates) the view files when the context starts: a database initializer in Spring
 * Boot's sense, so it runs after Flyway and Liquibase (views read the tables migrations create) and
 * before the beans that read the views ({@link MatviewDatabaseInitializerDetector}).
 */
public final class MatviewInitializer implements InitializingBean {
    private static final Logger LOG = LoggerFactory.getLogger(MatviewInitializer.class);

    private final Matview matview;
    private final StartupAction action;
    private final boolean allowDrop;

    MatviewInitializer(Matview matview, StartupAction action, boolean allowDrop) {
        this.matview = matview;
        this.action = action;
        this.allowDrop = allowDrop;
    }

    @Override
    public void afterPropertiesSet() {
        switch (action) {
            case APPLY -> {
                ApplyResult result = allowDrop ? matview.apply(ApplyOption.ALLOW_DROP) : matview.apply();
                if (result.plan().isEmpty()) {
                    LOG.info("matview: the database matches the view files in {}", matview.viewsLocation());
                } else {
                    LOG.info("matview: applied the view files in {}:\n{}", matview.viewsLocation(), result.plan());
                }
                result.warnings().forEach(w -> LOG.warn("matview: {}", w));
            }
            case VALIDATE -> {
                Plan plan = matview.plan();
                if (!plan.isEmpty()) {
                    throw new MatviewException(ErrorCode.PLAN_PENDING, "the database differs from the view files in "
                            + matview.viewsLocation() + "; apply would:\n" + plan, matview.viewsLocation(),
                            "apply the view files (set the start-up action to apply, or apply them in the deployment), "
                                    + "or change the files to match the database");
                }
                LOG.info("matview: the database matches the view files in {}", matview.viewsLocation());
            }
            case NONE -> LOG.debug("matview: nothing applied at start-up");
        }
    }
}
