package io.matview.plan;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;

/**
 * One line of a plan.
 *
 * @param action what apply does
 * @param view the object
 * @param kind the object's kind after apply (before it, for a drop)
 * @param reason why, in words: {@code new file views/a.sql}, {@code its SQL changed}, …
 */
public record Change(Action action, QualifiedName view, Kind kind, String reason) {

    /** {@code rebuild  materialized view public.plan_usage  (its SQL changed)} */
    @Override
    public String toString() {
        return String.format("%-8s %-18s %s  (%s)", action.label(), kind.label(), view, reason);
    }
}
