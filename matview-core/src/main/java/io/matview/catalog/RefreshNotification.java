package io.matview.catalog;

import io.matview.view.QualifiedName;
import java.util.Objects;

/**
 * What {@code NOTIFY matview_refreshed} says after each successful refresh, create or rebuild:
 * {@code {"view":"reporting.daily_revenue","generation":42}}. The sender is the core; listeners (the
 * servers' caches) decode it with {@link #decode}.
 *
 * <p>The payload is JSON of exactly this shape, written and read here without a JSON library (the core
 * has none). The view is {@code schema.name}, unquoted, split at its first dot when read: a schema
 * whose name holds a dot cannot be told apart, as in every log line.
 *
 * @param generation the view's generation after the change; never negative
 */
public record RefreshNotification(QualifiedName view, long generation) {
    /** The channel: {@code LISTEN matview_refreshed}. */
    public static final String CHANNEL = "matview_refreshed";
    /** PostgreSQL refuses longer payloads; no legitimate one comes near it. */
    private static final int MAX_PAYLOAD = 8000;

    public RefreshNotification {
        Objects.requireNonNull(view, "view");
        if (generation < 0) {
            throw new IllegalArgumentException("a generation is never negative: " + generation);
        }
    }

    /** The payload, as {@code pg_notify} sends it. */
    public String encode() {
        StringBuilder sb = new StringBuilder("{\"view\":\"");
        String text = view.toString();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append("\",\"generation\":").append(generation).append('}').toString();
    }

    /**
     * Reads a payload written by {@link #encode} (members in either order, whitespace between tokens
     * allowed); anything else is refused.
     *
     * @throws IllegalArgumentException naming what is wrong, for a payload of any other shape
     */
    public static RefreshNotification decode(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("no payload");
        }
        if (payload.length() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload longer than " + MAX_PAYLOAD + " characters");
        }
        return new Reader(payload).notification();
    }

    /** A strict reader of the one object this protocol knows. */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        RefreshNotification notification() {
            String view = null;
            Long generation = null;
            expect('{');
            for (int member = 0; member < 2; member++) {
                if (member > 0) {
                    expect(',');
                }
                String key = string();
                expect(':');
                if (key.equals("view") && view == null) {
                    view = string();
                } else if (key.equals("generation") && generation == null) {
                    generation = number();
                } else {
                    throw error("unexpected member \"" + key + "\"");
                }
            }
            expect('}');
            skipSpace();
            if (pos != s.length()) {
                throw error("text after the object");
            }
            int dot = view.indexOf('.');
            if (dot <= 0 || dot == view.length() - 1) {
                throw error("the view is not schema.name: \"" + view + "\"");
            }
            return new RefreshNotification(new QualifiedName(view.substring(0, dot), view.substring(dot + 1)), generation);
        }

        private void expect(char ch) {
            skipSpace();
            if (pos >= s.length() || s.charAt(pos) != ch) {
                throw error("expected '" + ch + "'");
            }
            pos++;
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return sb.toString();
                }
                if (ch < 0x20) {
                    throw error("control character in a string");
                }
                if (ch != '\\') {
                    sb.append(ch);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("unterminated escape");
                }
                char esc = s.charAt(pos++);
                switch (esc) {
                    case '"', '\\', '/' -> sb.append(esc);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(s.charAt(pos++), 16);
                            if (digit < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + digit;
                        }
                        sb.append((char) code);
                    }
                    default -> throw error("bad escape \\" + esc);
                }
            }
        }

        private long number() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            String digits = s.substring(start, pos);
            if (digits.isEmpty() || (digits.length() > 1 && digits.charAt(0) == '0') || digits.length() > 19) {
                throw error("the generation is not a non-negative integer");
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("the generation is out of range");
            }
        }

        private void skipSpace() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("not a refresh notification (" + what + " at offset " + pos + ")");
        }
    }
}
