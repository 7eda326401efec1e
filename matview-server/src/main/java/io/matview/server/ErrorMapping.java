package io.matview.server;

import io.javalin.http.Context;
import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How failures become answers: every error is JSON, never cacheable, and a database that is away is a 503. */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /** Seconds a client should wait before retrying when the database cannot be reached. */
    static final String DATABASE_RETRY_AFTER = "5";
    /** SQLSTATE query_canceled: the statement timeout expired, or the backend was cancelled. */
    static final String QUERY_CANCELED = "57014";

    private ErrorMapping() {
    }

    static void apiError(ApiError e, Context ctx) {
        forgetCachingHeaders(ctx);
        if ((e.status() == 429 || e.status() == 503) && ctx.res().getHeader("Retry-After") == null) {
            ctx.header("Retry-After", e.status() == 429 ? "1" : "30");
        }
        Json.answer(ctx, e.status(), e.body());
    }

    static void matviewError(MatviewException e, Context ctx) {
        if (e.getCause() instanceof SQLException sql && unavailable(sql)) {
            apiError(databaseUnavailable(ctx, sql), ctx);
            return;
        }
        if (e.code() == ErrorCode.DATABASE_UNAVAILABLE) {
            apiError(databaseUnavailable(ctx, e), ctx);
            return;
        }
        forgetCachingHeaders(ctx);
        if (e.code() == ErrorCode.LOCK_TIMEOUT) {
            ctx.header("Retry-After", DATABASE_RETRY_AFTER);
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", e.what());
        body.put("detail", String.valueOf(e.where()));
        body.put("hint", String.valueOf(e.hint()));
        body.put("code", e.code().name());
        Json.answer(ctx, status(e.code()), body);
    }

    /** The HTTP status of a kind of core error: the client's fault is 4xx, a state it can wait out is 409 or 503. */
    static int status(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_VIEW, UNKNOWN_VERSION -> 404;
            case CONCURRENT_REFRESH_IMPOSSIBLE, VIEW_MISSING, CATALOG_NOT_APPLIED, CATALOG_TOO_NEW, NOT_MATERIALIZED,
                 DRIFT_NOT_COMPARABLE -> 409;
            case DATABASE_UNAVAILABLE, LOCK_TIMEOUT, QUERY_TIMEOUT -> 503;
            case LOGIN_REFUSED, DATABASE_ERROR -> 500;
            default -> 400;
        };
    }

    static void unexpected(Exception e, Context ctx) {
        SQLException sql = e instanceof SQLException s ? s : e.getCause() instanceof SQLException s ? s : null;
        if (sql != null && unavailable(sql)) {
            apiError(databaseUnavailable(ctx, sql), ctx);
            return;
        }
        forgetCachingHeaders(ctx);
        LOG.error("request {} failed", ctx.path(), e);
        Json.answer(ctx, 500, new ApiError(500, "internal error", null, "see the server log").body());
    }

    static void notFound(Context ctx) {
        if (!String.valueOf(ctx.res().getContentType()).startsWith(Json.CONTENT_TYPE)) {
            Json.answer(ctx, 404, new ApiError(404, "no such endpoint: " + ctx.method() + " " + ctx.path(), null,
                    "see docs/http-api.md: /api/views, /api/views/{view}, …/rows, …/history, …/refresh, /health, /metrics").body());
        }
    }

    /** An error is never cacheable: the tags set for the answer that failed must not reach the client. */
    static void forgetCachingHeaders(Context ctx) {
        for (String header : List.of("ETag", "Last-Modified", "Matview-Generation", "Matview-Refreshed-At")) {
            ctx.res().setHeader(header, null);
        }
        ctx.res().setHeader("Cache-Control", "no-store");
    }

    /** No connection could be had, or the one in use broke: PostgreSQL is down, restarting or unreachable. */
    static boolean unavailable(SQLException e) {
        return e instanceof SQLTransientConnectionException || String.valueOf(e.getSQLState()).startsWith("08")
                || String.valueOf(e.getSQLState()).equals("57P01");
    }

    static ApiError databaseUnavailable(Context ctx, Exception e) {
        LOG.warn("database unavailable: {}", e.getMessage());
        ctx.header("Retry-After", DATABASE_RETRY_AFTER);
        return new ApiError(503, "the database is unavailable", "database",
                "retry after " + DATABASE_RETRY_AFTER + " s; answers already cached keep being served");
    }

    /** A failed read of a view's rows, as the client should see it. */
    static ApiError queryError(Context ctx, ServedView view, SQLException e, Duration statementTimeout) {
        String state = String.valueOf(e.getSQLState());
        if (unavailable(e)) {
            return databaseUnavailable(ctx, e);
        }
        if (state.startsWith("22")) {
            return ApiError.badRequest("a filter value does not fit its column: " + e.getMessage(), "filter",
                    "check the values against the column types (GET /api/views/" + view.runtime().name() + ")");
        }
        if (state.equals("55000")) {
            return new ApiError(503, "view " + view.runtime().name() + " holds no data", "view",
                    "it was emptied (REFRESH ... WITH NO DATA); it is filled again by its next refresh");
        }
        if (state.equals(QUERY_CANCELED)) {
            return new ApiError(503, "the query ran longer than " + statementTimeout.toSeconds() + " s", "query",
                    "narrow the filters, add an index to the view (-- index:), or lower the limit");
        }
        LOG.error("query on {} failed", view.runtime().name(), e);
        return new ApiError(500, "the database could not answer", state, "see the server log");
    }
}
