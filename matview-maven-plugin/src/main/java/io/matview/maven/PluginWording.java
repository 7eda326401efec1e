package io.matview.maven;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The core's errors in the words of a pom: its parameters and their {@code -Dmatview.…} properties (as the CLI's CliWording does for flags). */
final class PluginWording {
    private static final Map<ErrorCode, UnaryOperator<String>> HINTS = Map.of(
            ErrorCode.DATABASE_UNAVAILABLE, h -> "check the url parameter (-Dmatview.url) and that the server is running",
            ErrorCode.LOGIN_REFUSED, h -> "check user and password (or the settings.xml server named by serverId)",
            ErrorCode.LOCK_TIMEOUT, h -> h.replace("raise the lock timeout", "raise lockTimeout (-Dmatview.lockTimeout)"),
            ErrorCode.DROP_NOT_ALLOWED, h -> "run apply with allowDrop (-Dmatview.allowDrop) to drop them, or restore their files",
            ErrorCode.VIEWS_DIRECTORY_MISSING, h -> "create it, or point to yours with viewsDirectory (-Dmatview.viewsDirectory)");

    private PluginWording() {
    }

    static String message(MatviewException e) {
        String hint = e.hint() == null ? null : HINTS.getOrDefault(e.code(), UnaryOperator.identity()).apply(e.hint());
        StringBuilder sb = new StringBuilder("matview: ");
        if (e.where() != null && !e.where().isBlank()) {
            sb.append(e.where()).append(": ");
        }
        sb.append(e.what());
        if (hint != null && !hint.isBlank()) {
            sb.append("\n  hint: ").append(hint);
        }
        return sb.toString();
    }
}
