package io.matview.internal.view;

import io.matview.view.QualifiedName;
import java.util.Objects;

/**
 * A place in a query's text that names another managed view: the whole name as written, schema, quotes
 * and all, e.g. {@code "Reporting".daily_revenue} or {@code public.orders}.
 *
 * @param target the view it names
 * @param start offset of the name's first char in the query
 * @param end offset just past the name's last char (exclusive)
 */
public record Reference(QualifiedName target, int start, int end) {
    public Reference {
        Objects.requireNonNull(target, "target");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ") for " + target);
        }
    }
}
