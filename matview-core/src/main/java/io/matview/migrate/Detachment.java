package io.matview.migrate;

import java.util.List;

/**
 * What {@code Matview.detachFor} did on the caller's connection before a migration that the caller
 * runs itself (Flyway): hand it to {@code Matview.reattach} after the migration, in the same transaction.
 *
 * @param migrations the migrations' names, as the history records them
 * @param views the views dropped (detached), top-down
 * @param grants the GRANT statements that give the detached views their privileges back once re-applied
 */
public record Detachment(List<String> migrations, List<DetachedView> views, List<String> grants) {
    public Detachment {
        migrations = List.copyOf(migrations);
        views = List.copyOf(views);
        grants = List.copyOf(grants);
    }

    /** Nothing detached yet for {@code migrations}. */
    public static Detachment none(List<String> migrations) {
        return new Detachment(migrations, List.of(), List.of());
    }
}
