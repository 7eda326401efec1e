package io.matview.sqltest;


/** The report for a person: a line per file, each failure in full, then the counts. */
final class Summary {
    private Summary() {
    }

    static String write(SqlTestReport report) {
        StringBuilder out = new StringBuilder();
        for (SqlTestFileResult file : report.files()) {
            out.append(switch (file.status()) {
                case PASSED -> "PASS ";
                case FAILED -> "FAIL ";
                case SKIPPED -> "SKIP ";
            }).append(file.file()).append(" (").append(file.results().size()).append(file.results().size() == 1 ? " assertion" : " assertions")
                    .append(file.isolation() == io.matview.sqltest.SqlTestIsolation.THROWAWAY_DATABASE ? ", in a throwaway database" : "")
                    .append(")\n");
            for (SqlTestResult r : file.results()) {
                if (r.status() == SqlTestStatus.FAILED) {
                    out.append("  ✗ ").append(r.location()).append("  ").append(r.name()).append('\n');
                    details(r).lines().forEach(line -> out.append("      ").append(line).append('\n'));
                } else if (r.status() == SqlTestStatus.SKIPPED) {
                    out.append("  - ").append(r.location()).append("  ").append(r.name()).append(": skipped: ").append(r.message()).append('\n');
                }
            }
        }
        out.append(report.count(SqlTestStatus.PASSED)).append(" passed, ").append(report.count(SqlTestStatus.FAILED)).append(" failed, ")
                .append(report.count(SqlTestStatus.SKIPPED)).append(" skipped, in ").append(report.files().size())
                .append(report.files().size() == 1 ? " file\n" : " files\n");
        return out.toString();
    }

    /** What a failure says beyond its place and name: why, the query, and expected against actual. */
    static String details(SqlTestResult r) {
        StringBuilder out = new StringBuilder();
        if (r.message() != null) {
            out.append(r.message()).append('\n');
        }
        if (!r.query().isEmpty()) {
            out.append("query:\n");
            r.query().lines().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        if (r.diff() != null) {
            out.append("rows (- expected, + actual):\n");
            r.diff().lines().forEach(line -> out.append("  ").append(line).append('\n'));
        } else {
            if (r.expected() != null) {
                out.append("expected: ").append(r.expected()).append('\n');
            }
            if (r.actual() != null) {
                out.append("actual:   ").append(r.actual()).append('\n');
            }
        }
        return out.toString();
    }
}
