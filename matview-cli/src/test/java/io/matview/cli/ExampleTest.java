package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.matview.Matview;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshOptions;
import io.matview.server.MatviewServer;
import io.matview.server.ServerSettings;
import io.matview.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the examples' tests: one fresh database per test class, filled by the demo's own generator
 * ({@link DemoData}, small scale, seed 42), the example's view files copied into a views directory
 * (one subdirectory per example, as the demo does), applied and refreshed.
 *
 * <p>Every expected number in the subclasses is computed independently of the views: in Java from
 * rows fetched from the source tables, or with SQL written differently from the view's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExampleTest {
    static final int SEED = 42;
    static final String SCALE = "small";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The views directory's parent, deleted after the class. */
    Path tmp;

    DataSource db;
    Matview matview;
    List<RefreshLogEntry> refreshed;
    private MatviewServer server;
    /** Per class, like the server it talks to: no connection outlives the class. */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The example under test: {@code saas-billing}, {@code daily-revenue}, … */
    abstract String example();

    @BeforeAll
    void prepareExample() throws Exception {
        tmp = Files.createTempDirectory("matview-example-");
        db = TestDatabase.fresh();
        generate(db, example(), SEED);
        Path views = copyViews(tmp.resolve("views"), example());
        matview = Matview.configure().dataSource(db).viewsDirectory(views).load();
        matview.apply();
        refreshed = matview.refreshAll(RefreshOptions.defaults());
        assertThat(refreshed).as("refresh of %s", example()).isNotEmpty().allMatch(RefreshLogEntry::ok);
    }

    @AfterAll
    void stopServerAndDeleteFiles() throws IOException {
        if (server != null) {
            server.close();
        }
        if (tmp != null) {
            try (Stream<Path> walk = Files.walk(tmp)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Creates the example's schema and generates its small data set with {@code seed}, as the demo does. */
    static String generate(DataSource ds, String example, int seed) throws SQLException {
        StringWriter log = new StringWriter();
        try (PrintWriter out = new PrintWriter(log, true)) {
            new DemoData(ds, out, false).ensure(Example.named(example), SCALE, seed);
        }
        return log.toString();
    }

    /** Copies the example's view files from the classpath into {@code views/<example>/}. */
    static Path copyViews(Path views, String example) {
        Example e = Example.named(example);
        assertThat(e.views()).as("view files of %s", example).isNotEmpty();
        try {
            for (String file : e.views()) {
                Path target = views.resolve(example).resolve(file);
                Files.createDirectories(target.getParent());
                Files.writeString(target, e.view(file));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return views;
    }

    /** The server on a free port, without the scheduler, started on first use. */
    MatviewServer server() {
        if (server == null) {
            server = MatviewServer.start(matview, ServerSettings.builder().port(0).scheduler(false).build());
        }
        return server;
    }

    /** GET {@code /api/views/VIEW/rows?QUERY} with a JSON body; asserts a 200. */
    JsonNode getRows(String view, String query) throws Exception {
        URI uri = URI.create("http://localhost:" + server().port() + "/api/views/" + view + "/rows" + (query.isEmpty() ? "" : "?" + query));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s → %s", uri, r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.isArray()).as("body of %s", uri).isTrue();
        return body;
    }

    /** Every row of {@code sql}, each a map from column label to its JDBC value. */
    static List<Map<String, Object>> rows(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    static long num(Map<String, Object> row, String column) {
        Object v = row.get(column);
        assertThat(v).as("column %s of %s", column, row).isInstanceOf(Number.class);
        return ((Number) v).longValue();
    }
}
