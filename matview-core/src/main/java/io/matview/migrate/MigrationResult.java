package io.matview.migrate;

import io.matview.plan.ApplyResult;
import java.util.List;

/**
 * What {@code migrate} did (or, previewed, would do) in its one transaction.
 *
 * @param migrations the migrations run, in order (their names)
 * @param detached the managed views dropped before a migration and re-applied after it, with why;
 *     every other managed view was left alone (its data kept)
 * @param apply the apply of the whole views directory that followed: the re-applied views (action
 *     {@code create}, reason {@code re-applied after the migration (…)}) and any view file edited
 *     together with the migration
 */
public record MigrationResult(List<String> migrations, List<DetachedView> detached, ApplyResult apply) {
    public MigrationResult {
        migrations = List.copyOf(migrations);
        detached = List.copyOf(detached);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (DetachedView d : detached) {
            sb.append(d).append('\n');
        }
        sb.append("migrate  ").append(String.join(", ", migrations)).append('\n');
        apply.plan().changes().forEach(ch -> sb.append(ch).append('\n'));
        return sb.toString().stripTrailing();
    }
}
