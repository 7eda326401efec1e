package io.matview.cli;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the demo's examples, read from {@code examples/NAME/} on the classpath: its manifest, schema,
 * data generator and view files.
 *
 * @param tables the tables its data lives in, emptied before the data is generated again
 * @param views the view file names under {@code views/}
 * @param scales for each scale, the row counts that fill the placeholders of {@code data.sql}
 */
record Example(String name, List<String> tables, List<String> views, Map<String, Map<String, Long>> scales) {
    static final List<String> NAMES = List.of("saas-billing", "daily-revenue", "quiz-leaderboard", "customer-orders");
    static final List<String> SCALES = List.of("small", "medium", "large");

    static List<Example> all() {
        return NAMES.stream().map(Example::load).toList();
    }

    static Example named(String name) {
        if (!NAMES.contains(name)) {
            throw new MatviewException(ErrorCode.CONFIGURATION, "no example named '" + name + "'", "--example", "choose one of " + String.join(", ", NAMES));
        }
        return load(name);
    }

    static Example load(String name) {
        List<String> tables = List.of();
        List<String> views = List.of();
        Map<String, Map<String, Long>> scales = new LinkedHashMap<>();
        for (String line : resource(name, "manifest").lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String key = line.substring(0, colon).strip();
            List<String> words = Arrays.asList(line.substring(colon + 1).strip().split("\\s+"));
            if (key.equals("tables")) {
                tables = words;
            } else if (key.equals("views")) {
                views = words;
            } else if (key.startsWith("scale.")) {
                Map<String, Long> counts = new HashMap<>();
                for (String w : words) {
                    String[] kv = w.split("=");
                    counts.put(kv[0], Long.parseLong(kv[1]));
                }
                scales.put(key.substring(6), counts);
            }
        }
        return new Example(name, tables, views, scales);
    }

    String schema() {
        return resource(name, "schema.sql");
    }

    String data() {
        return resource(name, "data.sql");
    }

    String view(String file) {
        return resource(name, "views/" + file);
    }

    private static String resource(String example, String file) {
        String path = "examples/" + example + "/" + file;
        try (InputStream in = Example.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing example resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
