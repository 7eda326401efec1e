package io.matview.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call what: writes need the bearer token (and are off without one), reads need it only
 * with {@code tokenForReads}. Tokens are compared in constant time.
 */
final class BearerAuth {
    private final byte[] token;
    private final boolean forReads;

    BearerAuth(String token, boolean forReads) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.forReads = forReads;
    }

    boolean enabled() {
        return token != null;
    }

    void check(Context ctx) {
        check(ctx.method().name(), ctx.header("Authorization"));
    }

    void check(String method, String authorization) {
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        if (write && token == null) {
            throw new ApiError(403, "refresh over HTTP is disabled", "no token configured",
                    "start the server with MATVIEW_TOKEN (or --token) set, and send Authorization: Bearer TOKEN");
        }
        if ((write || forReads) && !authorized(authorization)) {
            throw new ApiError(401, "missing or wrong bearer token", "Authorization",
                    "send the header Authorization: Bearer TOKEN").withHeader("WWW-Authenticate", "Bearer");
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
    }
}
