package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.testing.ViewFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana-dashboard.json against the server's /metrics: every metric its PromQL reads, and every label
 * it selects, groups by or shows in a legend, is exported after a refresh, so the shipped dashboard cannot
 * silently chart nothing when a metric is renamed. (No Grafana runs here; this is the dashboard's check.)
 */
class GrafanaDashboardTest extends ServedFixture {
    private static final Path DASHBOARD = Paths.get("..", "docs", "grafana-dashboard.json");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
    private static final Pattern LEGEND = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "offset", "and", "or", "unless", "inf", "nan");

    /**
     * The metrics one PromQL expression reads, each with the labels it needs: those of its selector, and
     * those the expression groups by or its legend shows (which every metric of the expression must carry).
     */
    static Map<String, Set<String>> metricsOf(String expr, String legend) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        Set<String> shared = new LinkedHashSet<>();
        Matcher lv = LABEL_VALUES.matcher(expr);
        while (lv.find()) {
            result.computeIfAbsent(lv.group(1), k -> new LinkedHashSet<>()).add(lv.group(2));
        }
        String rest = LABEL_VALUES.matcher(expr).replaceAll(" ");
        Matcher s = SELECTOR.matcher(rest);
        while (s.find()) {
            Set<String> labels = new LinkedHashSet<>();
            Matcher m = MATCHER.matcher(s.group(2));
            while (m.find()) {
                labels.add(m.group(1));
            }
            if (s.group(1) != null && !KEYWORDS.contains(s.group(1))) {
                result.computeIfAbsent(s.group(1), k -> new LinkedHashSet<>()).addAll(labels);
            }
        }
        rest = SELECTOR.matcher(rest).replaceAll(m -> m.group(1) == null ? " " : m.group(1) + " ");
        Matcher g = GROUPING.matcher(rest);
        while (g.find()) {
            for (String label : g.group(1).split(",")) {
                if (!label.isBlank()) {
                    shared.add(label.trim());
                }
            }
        }
        rest = GROUPING.matcher(rest).replaceAll(" ").replaceAll("\\[[^]]*]", " ").replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ");
        Matcher n = NAME.matcher(rest);
        while (n.find()) {
            boolean function = rest.substring(n.end()).stripLeading().startsWith("(");
            boolean number = n.start() > 0 && Character.isDigit(rest.charAt(n.start() - 1));
            if (!function && !number && !KEYWORDS.contains(n.group().toLowerCase())) {
                result.computeIfAbsent(n.group(), k -> new LinkedHashSet<>());
            }
        }
        if (legend != null) {
            Matcher l = LEGEND.matcher(legend);
            while (l.find()) {
                shared.add(l.group(1));
            }
        }
        result.values().forEach(labels -> labels.addAll(shared));
        return result;
    }

    /** Every PromQL expression of the dashboard (panels' targets and templating queries) with its metrics. */
    private static Map<String, Map<String, Set<String>>> dashboardMetrics() throws IOException {
        JsonNode dashboard = Http.MAPPER.readTree(Files.readString(DASHBOARD));
        Map<String, Map<String, Set<String>>> result = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                result.put(panel.path("title").asText() + ": " + expr, metricsOf(expr, target.path("legendFormat").asText(null)));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String expr = query.isObject() ? query.path("query").asText() : query.asText();
                result.put("variable " + variable.path("name").asText() + ": " + expr, metricsOf(expr, null));
            }
        }
        return result;
    }

    @Test
    void theExtractionFindsMetricsLabelsAndGroupingOfAnExpression() {
        assertThat(metricsOf("sum by (view) (rate(matview_x_total{view=~\"$view\", status!=\"5xx\"}[5m])) / 2", "{{view}} {{kind}}"))
                .containsExactly(Map.entry("matview_x_total", Set.of("view", "status", "kind")));
        assertThat(metricsOf("matview_a == 1 and on (view) matview_b > 0.5", null))
                .containsOnlyKeys("matview_a", "matview_b").allSatisfy((k, v) -> assertThat(v).containsExactly("view"));
        assertThat(metricsOf("label_values(matview_c, view)", null)).containsExactly(Map.entry("matview_c", Set.of("view")));
    }

    @Test
    void everyMetricAndLabelTheGrafanaDashboardReadsIsExportedAfterARefresh() throws IOException {
        // a view without a unique key draws advice, so the advice metric has a series too
        new ViewFiles(f.views).write("keyless_mv.sql", "-- materialized\nselect id, name from orders\n");
        f.matview.apply();
        f.matview.refresh("orders_mv");
        f.matview.refresh("keyless_mv");
        assertThat(http.get("/api/views/orders_mv/rows?limit=1").status()).isEqualTo(200);
        String scrape = http.get("/metrics").body();

        Map<String, Map<String, Set<String>>> used = dashboardMetrics();
        assertThat(used.values().stream().mapToLong(Map::size).sum()).as("metrics found in the dashboard").isGreaterThanOrEqualTo(10);
        List<String> missing = new ArrayList<>();
        used.forEach((expr, metrics) -> metrics.forEach((metric, labels) -> {
            List<String> series = scrape.lines().filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " ")).toList();
            if (series.isEmpty()) {
                missing.add(expr + " -> no series " + metric);
            }
            for (String label : labels) {
                if (series.stream().noneMatch(l -> l.contains("{" + label + "=\"") || l.contains("," + label + "=\""))) {
                    missing.add(expr + " -> " + metric + " has no label " + label);
                }
            }
        }));
        assertThat(missing).as("what the dashboard reads that /metrics does not export").isEmpty();
    }
}
