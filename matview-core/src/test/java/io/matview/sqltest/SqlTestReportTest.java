package io.matview.sqltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The report's forms: TAP, JUnit XML and the summary, with names and values that could break them. */
class SqlTestReportTest {
    private static final Path FILE = Path.of("tests/a.test.sql");
    private static final String HOSTILE = "a <b> & \"c\" 'd' # not a directive\u0001\n]]> end";

    private static final SqlTestReport REPORT = new SqlTestReport(List.of(new SqlTestFileResult(FILE, SqlTestIsolation.TRANSACTION, false,
            List.of(new SqlTestResult(FILE, 3, "passes", "select 1", SqlTestStatus.PASSED, "1", "1", null, null),
                    new SqlTestResult(FILE, 7, HOSTILE, "select '" + HOSTILE + "'", SqlTestStatus.FAILED, "x", HOSTILE, "- x\n+ " + HOSTILE, HOSTILE),
                    new SqlTestResult(FILE, 9, "later", "select 2", SqlTestStatus.SKIPPED, null, null, null, "not run: the fixture at line 5 failed")),
            Duration.ofMillis(1234))));

    @Test
    void tapHasOnePointPerResultAndKeepsEachDescriptionOnOneLine() {
        List<String> lines = REPORT.toTap().lines().toList();

        assertThat(lines.subList(0, 3)).containsExactly("TAP version 14", "1..3", "ok 1 - tests/a.test.sql:3 passes");
        assertThat(lines.get(3)).isEqualTo("not ok 2 - tests/a.test.sql:7 a <b> & \"c\" 'd' \\# not a directive\u0001 ]]> end");
        assertThat(lines).contains("  ---", "  at: |-", "    tests/a.test.sql:7", "  diff: |-", "    - x", "  ...",
                "ok 3 - tests/a.test.sql:9 later # SKIP not run: the fixture at line 5 failed");
    }

    @Test
    void junitXmlIsWellFormedWhateverTheNamesHold() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(REPORT.toJUnitXml().getBytes(StandardCharsets.UTF_8)));

        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("1.234");
        Element failed = (Element) xml.getElementsByTagName("testcase").item(1);
        assertThat(failed.getAttribute("name")).isEqualTo(HOSTILE.replace('\u0001', '?').replace('\n', ' ')); // parsers normalise newlines in attributes
        assertThat(failed.getAttribute("line")).isEqualTo("7");
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("tests/a.test.sql:7: a <b>");
        assertThat(failure.getTextContent()).contains("select 'a <b>", "- x");
        assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(1);
    }

    @Test
    void theSummaryShowsFailuresInFullAndCounts() {
        assertThat(REPORT.summary()).contains("FAIL tests/a.test.sql (3 assertions)", "✗ tests/a.test.sql:7", "query:", "rows (- expected, + actual):",
                "- tests/a.test.sql:9  later: skipped: not run", "1 passed, 1 failed, 1 skipped, in 1 file");
        assertThat(REPORT.successful()).isFalse();
    }
}
