package io.matview.sqltest;

import java.util.List;

/** The report as TAP version 14 (testanything.org): one test point per result, a YAML block per failure. */
final class Tap {
    private Tap() {
    }

    static String write(SqlTestReport report) {
        List<SqlTestResult> results = report.results();
        StringBuilder out = new StringBuilder("TAP version 14\n1..").append(results.size()).append('\n');
        int n = 0;
        for (SqlTestResult r : results) {
            n++;
            out.append(r.status() == SqlTestStatus.FAILED ? "not ok " : "ok ").append(n).append(" - ")
                    .append(oneLine(r.location() + " " + r.name()));
            if (r.status() == SqlTestStatus.SKIPPED) {
                out.append(" # SKIP ").append(oneLine(r.message() == null ? "" : r.message()));
            }
            out.append('\n');
            if (r.status() == SqlTestStatus.FAILED) {
                out.append("  ---\n");
                yaml(out, "message", r.message());
                yaml(out, "at", r.location());
                yaml(out, "query", r.query());
                yaml(out, "expected", r.expected());
                yaml(out, "actual", r.actual());
                yaml(out, "diff", r.diff());
                out.append("  ...\n");
            }
        }
        return out.toString();
    }

    /** A test point's description is one line, and a '#' in it would start a directive. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").replace("#", "\\#").strip();
    }

    /** Literal block scalars keep queries and diffs as written, whatever chars they hold. */
    private static void yaml(StringBuilder out, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        out.append("  ").append(key).append(": |-\n");
        value.lines().forEach(line -> out.append("    ").append(line).append('\n'));
    }
}
