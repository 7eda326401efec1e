package io.matview.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered as {@code {"error", "detail", "hint"}} with an HTTP status: what went wrong,
 * which parameter or view, and what to do.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String detail;
    private final String hint;

    ApiError(int status, String error, String detail, String hint) {
        super(error);
        this.status = status;
        this.detail = detail;
        this.hint = hint;
    }

    static ApiError badRequest(String error, String detail, String hint) {
        return new ApiError(400, error, detail, hint);
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", getMessage());
        m.put("detail", detail);
        m.put("hint", hint);
        return m;
    }
}
