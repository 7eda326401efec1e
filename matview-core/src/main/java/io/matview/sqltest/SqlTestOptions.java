package io.matview.sqltest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which SQL test files to run and how to prepare the database: {@link #defaults()}, or built with
 * {@link #builder()}.
 *
 * @param paths test files and directories (searched for {@code *.test.sql}); empty means the views
 *     directory's {@code tests/}
 * @param setupScripts SQL scripts run once, in order, before the views are applied: the tables the
 *     views read (a schema.sql, migrations), when the database does not have them yet
 * @param applyViews whether to apply the view files first (on by default)
 */
public record SqlTestOptions(List<Path> paths, List<Path> setupScripts, boolean applyViews) {

    public SqlTestOptions {
        paths = List.copyOf(paths);
        setupScripts = List.copyOf(setupScripts);
    }

    public static SqlTestOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** SQL test options: set what differs from the defaults, then {@link #build()}. */
    public static final class Builder {
        private final List<Path> paths = new ArrayList<>();
        private final List<Path> setupScripts = new ArrayList<>();
        private boolean applyViews = true;

        private Builder() {
        }

        /** Adds test files or directories; without any, the views directory's {@code tests/}. */
        public Builder paths(List<Path> paths) {
            this.paths.addAll(paths);
            return this;
        }

        /** Adds SQL scripts to run once before the views are applied. */
        public Builder setupScripts(List<Path> scripts) {
            this.setupScripts.addAll(scripts);
            return this;
        }

        /** Whether to apply the view files before the tests; on by default. */
        public Builder applyViews(boolean applyViews) {
            this.applyViews = applyViews;
            return this;
        }

        public SqlTestOptions build() {
            return new SqlTestOptions(paths, setupScripts, applyViews);
        }
    }
}
