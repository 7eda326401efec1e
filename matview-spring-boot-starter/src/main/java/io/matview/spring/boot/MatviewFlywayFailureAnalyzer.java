package io.matview.spring.boot;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A Flyway migration that a view blocks ("cannot alter type of a column used by a view or rule",
 * "other objects depend on it") fails start-up with Flyway's report (migration, statement, the view in
 * PostgreSQL's detail) and the way out: Matview's Flyway callback, off or missing here.
 */
class MatviewFlywayFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {
    /** PostgreSQL's dependent_objects_still_exist (a drop) and feature_not_supported (a column type change). */
    private static final String DEPENDENTS = "2BP01";
    private static final String NOT_SUPPORTED = "0A000";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        Throwable flyway = flywayFailure(rootFailure);
        boolean blockedByView = DEPENDENTS.equals(cause.getSQLState())
                || NOT_SUPPORTED.equals(cause.getSQLState()) && String.valueOf(cause.getMessage()).contains(" view");
        if (flyway == null || !blockedByView) {
            return null;
        }
        return new FailureAnalysis("A Flyway migration is blocked by a view that reads what it changes:\n\n" + flyway.getMessage(),
                "Let Matview detach the managed views the migration blocks and re-apply them in its transaction: put "
                        + "io.matview:matview-flyway on the classpath and leave matview.flyway-callback.enabled at true. "
                        + "A view Matview does not manage must be dropped and created again by the migration itself.",
                rootFailure);
    }

    private static Throwable flywayFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().startsWith("org.flywaydb.")) {
                return c;
            }
        }
        return null;
    }
}
