package io.matview.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered as {@code {"error", "detail", "hint"}} with an HTTP status: what went wrong,
 * which parameter or view, and what to do; with the headers the answer needs ({@code Retry-After},
 * {@code WWW-Authenticate}), so that every front of the server writes it alike.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String detail;
    private final String hint;
    /** The core's error code ({@code MatviewException.code()}), or {@code null} for the server's own errors. */
    private final String code;
    private final Map<String, String> headers;

    ApiError(int status, String error, String detail, String hint) {
        this(status, error, detail, hint, null, Map.of());
    }

    ApiError(int status, String error, String detail, String hint, String code, Map<String, String> headers) {
        super(error);
        this.status = status;
        this.detail = detail;
        this.hint = hint;
        this.code = code;
        this.headers = headers;
    }

    static ApiError badRequest(String error, String detail, String hint) {
        return new ApiError(400, error, detail, hint);
    }

    /** The same error, answered with one more header. */
    ApiError withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiError(status, getMessage(), detail, hint, code, Map.copyOf(more));
    }

    int status() {
        return status;
    }

    /**
     * The answer's headers: an error is never cacheable, and a client told 429 or 503 learns when to
     * come back (1 s after a 429, 30 s after a 503 unless the error says otherwise).
     */
    Map<String, String> headers() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Cache-Control", "no-store");
        if (status == 429 || status == 503) {
            all.put("Retry-After", status == 429 ? "1" : "30");
        }
        all.putAll(headers);
        return all;
    }

    Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", getMessage());
        m.put("detail", detail);
        m.put("hint", hint);
        if (code != null) {
            m.put("code", code);
        }
        return m;
    }
}
