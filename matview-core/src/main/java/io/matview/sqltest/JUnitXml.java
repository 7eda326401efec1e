package io.matview.sqltest;

import java.io.StringWriter;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The report in the JUnit XML format CI servers read (Surefire's flavour): one {@code testsuite} per
 * file, one {@code testcase} per result, written with the JDK's StAX writer so that any text is escaped.
 */
final class JUnitXml {
    private JUnitXml() {
    }

    static String write(SqlTestReport report) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            attribute(xml, "name", "matview SQL tests");
            counts(xml, report.results().size(), report.count(SqlTestStatus.FAILED), report.count(SqlTestStatus.SKIPPED));
            for (SqlTestFileResult file : report.files()) {
                suite(xml, file);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return text + "\n";
    }

    private static void suite(XMLStreamWriter xml, SqlTestFileResult file) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        attribute(xml, "name", file.file().toString());
        counts(xml, file.results().size(), file.results().stream().filter(r -> r.status() == SqlTestStatus.FAILED).count(),
                file.results().stream().filter(r -> r.status() == SqlTestStatus.SKIPPED).count());
        attribute(xml, "time", seconds(file.elapsed().toMillis()));
        for (SqlTestResult r : file.results()) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            attribute(xml, "classname", file.file().toString());
            attribute(xml, "name", r.name());
            attribute(xml, "file", r.file().toString());
            attribute(xml, "line", Integer.toString(r.line()));
            if (r.status() == SqlTestStatus.FAILED) {
                xml.writeStartElement("failure");
                attribute(xml, "message", r.location() + ": " + (r.message() == null ? "failed" : r.message()));
                xml.writeCharacters(clean(Summary.details(r)));
                xml.writeEndElement();
            } else if (r.status() == SqlTestStatus.SKIPPED) {
                xml.writeEmptyElement("skipped");
                attribute(xml, "message", r.message() == null ? "skipped" : r.message());
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void counts(XMLStreamWriter xml, long tests, long failures, long skipped) throws XMLStreamException {
        attribute(xml, "tests", Long.toString(tests));
        attribute(xml, "failures", Long.toString(failures));
        attribute(xml, "errors", "0");
        attribute(xml, "skipped", Long.toString(skipped));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, clean(value));
    }

    /** XML 1.0 cannot hold most control chars, even escaped; a database value or error message may carry one. */
    private static String clean(String text) {
        return text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?");
    }
}
