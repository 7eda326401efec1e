package io.matview.internal.sqltest;

import io.matview.internal.sqltest.TestFile.Query;
import io.matview.sqltest.SqlTestResult;
import io.matview.sqltest.SqlTestStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** pgTAP files: what to say when pgTAP is missing, and their TAP output read back into results. */
final class PgTap {
    private static final Pattern POINT = Pattern.compile("(not )?ok\\b\\s*(\\d+)?\\s*(?:- )?(.*)");
    private static final Pattern PLAN = Pattern.compile("1\\.\\.(\\d+).*");
    private static final Pattern DIRECTIVE = Pattern.compile("(.*?)\\s*#\\s*(SKIP|TODO)\\b\\s*(.*)", Pattern.CASE_INSENSITIVE);

    private PgTap() {
    }

    /** Whether the database has pgTAP's functions, or the server can create the extension, or neither. */
    enum Presence {
        INSTALLED,
        AVAILABLE,
        ABSENT
    }

    static String installHint(DataSource database) {
        String major = "NN";
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_setting('server_version_num')::int / 10000")) {
            rs.next();
            major = rs.getString(1);
        } catch (SQLException e) {
            // the hint names NN then
        }
        return "pgTAP is neither installed in the database nor available on its server, so this pgTAP file did not run: "
                + "install the pgTAP extension on the server (Debian/Ubuntu: apt-get install postgresql-" + major + "-pgtap; elsewhere https://pgtap.org), "
                + "then run the tests again (or load pgTAP's pgtap.sql into the database in a setup script)";
    }

    /** Collects the TAP that a pgTAP file's statements return, and turns it into results. */
    static final class Reader {
        private final Path file;
        private final List<SqlTestResult> results = new ArrayList<>();
        private Integer planned;
        private int lastLine = 1;

        Reader(Path file) {
            this.file = file;
        }

        void read(Query q, Rows rows) {
            lastLine = q.line();
            if (rows == null) {
                return;
            }
            for (List<String> row : rows.values()) {
                if (row.isEmpty() || row.get(0) == null) {
                    continue;
                }
                row.get(0).lines().forEach(line -> line(q, line));
            }
        }

        private void line(Query q, String line) {
            Matcher plan = PLAN.matcher(line);
            Matcher point = POINT.matcher(line);
            if (plan.matches()) {
                planned = Integer.parseInt(plan.group(1));
            } else if (point.matches()) {
                String description = point.group(3);
                SqlTestStatus status = point.group(1) == null ? SqlTestStatus.PASSED : SqlTestStatus.FAILED;
                String message = status == SqlTestStatus.FAILED ? "pgTAP: " + line : null;
                Matcher directive = DIRECTIVE.matcher(description);
                if (directive.matches()) {
                    description = directive.group(1);
                    status = SqlTestStatus.SKIPPED;
                    message = directive.group(2).toUpperCase(java.util.Locale.ROOT) + (directive.group(3).isEmpty() ? "" : ": " + directive.group(3));
                }
                results.add(new SqlTestResult(file, q.line(), description.isBlank() ? "pgTAP test " + (results.size() + 1) : description,
                        q.sql(), status, null, null, null, message));
            } else if (line.startsWith("#") && !results.isEmpty()) {
                SqlTestResult last = results.get(results.size() - 1);
                if (last.status() == SqlTestStatus.FAILED) {
                    String diag = line.replaceFirst("^#\\s?", "");
                    results.set(results.size() - 1, new SqlTestResult(last.file(), last.line(), last.name(), last.query(), last.status(),
                            last.expected(), last.actual(), last.diff(), last.message() + "\n" + diag));
                }
            }
        }

        /** The results, and a failure when the file ran another number of tests than it planned. */
        List<SqlTestResult> finish() {
            List<SqlTestResult> all = new ArrayList<>(results);
            if (planned != null && planned != results.size()) {
                all.add(new SqlTestResult(file, lastLine, "pgTAP plan", "", SqlTestStatus.FAILED, planned + " tests", results.size() + " tests", null,
                        "the file planned " + planned + " tests and ran " + results.size()));
            }
            return all;
        }
    }
}
