package io.matview.plan;

import java.util.List;

/**
 * What an apply did.
 *
 * @param plan the changes carried out, all in one transaction
 * @param warnings differences between the dependencies Matview found in the SQL and those
 *     PostgreSQL records in {@code pg_depend}, each with what to do
 */
public record ApplyResult(Plan plan, List<String> warnings) {
    public ApplyResult {
        warnings = List.copyOf(warnings);
    }
}
