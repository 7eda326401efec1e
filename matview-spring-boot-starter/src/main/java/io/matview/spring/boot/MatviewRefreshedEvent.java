package io.matview.spring.boot;

import io.matview.view.QualifiedName;
import org.springframework.context.ApplicationEvent;

/**
 * A materialized view got new data (a refresh, or a create or rebuild by apply), in this instance or
 * in any other on the same database: published on every instance, from the refresh notification.
 */
public class MatviewRefreshedEvent extends ApplicationEvent {
    private final QualifiedName view;
    private final long generation;

    public MatviewRefreshedEvent(Object source, QualifiedName view, long generation) {
        super(source);
        this.view = view;
        this.generation = generation;
    }

    /** The view, e.g. {@code public.plan_usage}. */
    public QualifiedName getView() {
        return view;
    }

    /** The view's generation after the refresh: it increases with every refresh. */
    public long getGeneration() {
        return generation;
    }

    @Override
    public String toString() {
        return "MatviewRefreshedEvent[" + view + " generation " + generation + "]";
    }
}
