package io.matview.internal.query;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a query string strictly: a malformed percent-escape is an error naming it, never a parameter
 * silently dropped or half-decoded.
 */
public final class QueryString {
    private QueryString() {
    }

    public static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            List<String> values = params.computeIfAbsent(key, k -> new ArrayList<>());
            if (eq >= 0) {
                values.add(decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static String decode(String part) {
        try {
            String decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
            if (decoded.indexOf('\uFFFD') >= 0 && part.indexOf('\uFFFD') < 0) {
                throw new IllegalArgumentException("not UTF-8");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw new MatviewException(ErrorCode.INVALID_QUERY,
                    "malformed percent-encoding in the query string: '" + QueryParser.shorten(part) + "'", "query string",
                    "encode reserved characters as %XX with two hex digits, in UTF-8");
        }
    }
}
