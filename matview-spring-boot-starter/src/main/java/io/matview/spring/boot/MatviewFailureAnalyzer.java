package io.matview.spring.boot;

import io.matview.MatviewException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start-up that fails on Matview (a view file with an error, an unreachable database, a plan that
 * validation refuses, an object Matview does not manage in the way) is reported as what, where
 * (file:line, view) and the fix, instead of a stack trace.
 */
class MatviewFailureAnalyzer extends AbstractFailureAnalyzer<MatviewException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MatviewException cause) {
        StringBuilder description = new StringBuilder("Matview could not ")
                .append("start: ").append(cause.what());
        if (cause.where() != null) {
            description.append("\n\n    where: ").append(cause.where());
        }
        description.append("\n    error code: ").append(cause.code());
        String action = cause.hint() != null ? capitalized(cause.hint()) + "."
                : cause.where() != null ? "Correct " + cause.where() + "." : "See the cause below.";
        return new FailureAnalysis(description.toString(), action, cause);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
