package io.matview.internal.db;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGProperty;

/**
 * A database address as users are handed it: a JDBC URL, or a libpq connection URI
 * ({@code postgres://user:password@host:port/database?sslmode=require}), the form most platforms put in
 * {@code DATABASE_URL}. The JDBC driver takes only the first, so the second is converted to it, with the
 * URI's user and password as the JDBC URL's {@code user=} and {@code password=}.
 *
 * <p>The URI is read as libpq reads it: user, password, host, database and parameter values are
 * percent-decoded ({@code +} stays a plus), an empty user or password counts as none, and a missing
 * database means the database named like the user. Unlike libpq, a host is required (the JDBC driver
 * has no Unix-domain sockets), the user and password may hold an unencoded {@code @} (the last one
 * ends them), and every parameter must be one the driver will use: a typo such as {@code ssl_mode}
 * is an error rather than a connection without TLS.
 */
public final class ConnectionUri {
    private static final String FORMS = "write postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require "
            + "(or postgresql://…) or jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD";
    private static final String ENCODE = "percent-encode the special characters of the user and password "
            + "(@ as %40, : as %3A, / as %2F, ? as %3F, % as %25)";
    private static final Pattern URI = Pattern.compile("(?i)(postgres|postgresql)://([^/?]*)(?:/([^?]*))?(?:\\?(.*))?",
            Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** libpq's names of the parameters that the JDBC driver knows under a name of its own. */
    private static final Map<String, String> LIBPQ_NAMES = Map.of(
            "connect_timeout", "connectTimeout",
            "application_name", "ApplicationName",
            "target_session_attrs", "targetServerType",
            "channel_binding", "channelBinding",
            "gssencmode", "gssEncMode");
    /** libpq's values of {@code target_session_attrs} as the driver's {@code targetServerType}. */
    private static final Map<String, String> SESSION_ATTRS = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");
    /** Parts of the address that a URI must carry in its own syntax, so that there is one place to read them. */
    private static final Set<String> IN_THE_URI = Set.of("host", "hostaddr", "port", "dbname", "PGHOST", "PGPORT", "PGDBNAME");

    private ConnectionUri() {
    }

    /**
     * The JDBC URL for {@code url}: a {@code jdbc:postgresql:} URL as it is, a {@code postgres://} or
     * {@code postgresql://} URI converted.
     *
     * @throws MatviewException for anything else, or a URI the driver could not use as written
     */
    public static String toJdbcUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new MatviewException(ErrorCode.CONFIGURATION, "no database URL given", null, FORMS);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        Matcher m = URI.matcher(url);
        if (!m.matches()) {
            throw new MatviewException(ErrorCode.CONFIGURATION, "not a PostgreSQL URL: " + redacted(url), null, FORMS);
        }
        Parts parts = new Parts(url);
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            parts.userInfo(authority.substring(0, at));
        }
        String hosts = hosts(authority.substring(at + 1), url);
        String database = m.group(3) == null ? "" : decode(m.group(3), url);
        if (m.group(4) != null && !m.group(4).isEmpty()) {
            for (String pair : m.group(4).split("&")) {
                if (!pair.isEmpty()) {
                    parts.parameter(pair);
                }
            }
        }
        return "jdbc:postgresql://" + hosts + "/" + encode(database) + parts.query();
    }

    /** What the URI adds to the JDBC URL's query: user, password and the parameters, driver-named. */
    private static final class Parts {
        private final String url;
        private final Map<String, String> query = new LinkedHashMap<>();

        Parts(String url) {
            this.url = url;
        }

        void userInfo(String userInfo) {
            int colon = userInfo.indexOf(':');
            put("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon), url));
            if (colon >= 0) {
                put("password", decode(userInfo.substring(colon + 1), url));
            }
        }

        void parameter(String pair) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "parameter '" + pair + "' is not NAME=VALUE in " + redacted(url), null,
                        "write NAME=VALUE, e.g. sslmode=require");
            }
            String name = decode(pair.substring(0, eq), url);
            String value = decode(pair.substring(eq + 1), url);
            if (IN_THE_URI.contains(name)) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "parameter '" + name + "' is not accepted in " + redacted(url), null,
                        "write the host, port and database in the URI itself: postgres://USER@HOST:PORT/DATABASE");
            }
            if (name.equals("target_session_attrs")) {
                value = sessionAttrs(value);
            }
            String driverName = LIBPQ_NAMES.getOrDefault(name, name);
            if (PGProperty.forName(driverName) == null) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "unknown parameter '" + name + "' in " + redacted(url), null,
                        "use libpq's sslmode, sslrootcert, sslcert, sslkey, sslpassword, connect_timeout, "
                                + "application_name, options, target_session_attrs, channel_binding, gssencmode, "
                                + "or a property of the PostgreSQL JDBC driver (ssl, prepareThreshold, …)");
            }
            put(driverName, value);
        }

        private String sessionAttrs(String value) {
            String type = SESSION_ATTRS.get(value);
            if (type == null) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "unknown target_session_attrs '" + value + "' in " + redacted(url), null,
                        "use one of " + String.join(", ", SESSION_ATTRS.keySet().stream().sorted().toList()));
            }
            return type;
        }

        /** libpq ignores an empty user or password, so that PGUSER/PGPASSWORD still apply; so does this. */
        private void put(String name, String value) {
            if ((name.equals("user") || name.equals("password")) && value.isEmpty()) {
                return;
            }
            if (query.putIfAbsent(name, value) != null) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "'" + name + "' is given twice in " + redacted(url), null,
                        "give each parameter once (the user and password either before the @ or as parameters)");
            }
        }

        String query() {
            StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
            query.forEach((name, value) -> q.add(name + "=" + encode(value)));
            return q.toString();
        }
    }

    /** The host list ({@code h1:5432,[::1]:5433}) as the JDBC URL writes it, each host checked. */
    private static String hosts(String hostList, String url) {
        List<String> hosts = new ArrayList<>();
        for (String hostPort : hostList.split(",", -1)) {
            String host = hostPort;
            String port = "";
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                if (close < 0) {
                    throw new MatviewException(ErrorCode.CONFIGURATION, "an IPv6 address lacks its ']' in " + redacted(url), null,
                            "write an IPv6 host in brackets: postgres://USER@[::1]:5432/DATABASE");
                }
                host = hostPort.substring(0, close + 1);
                String rest = hostPort.substring(close + 1);
                if (!rest.isEmpty() && !rest.startsWith(":")) {
                    throw new MatviewException(ErrorCode.CONFIGURATION, "unexpected text after the IPv6 address in " + redacted(url), null, ENCODE);
                }
                port = rest.isEmpty() ? "" : rest.substring(1);
            } else if (hostPort.contains(":")) {
                host = hostPort.substring(0, hostPort.lastIndexOf(':'));
                port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
            }
            host = host.startsWith("[") ? host : decode(host, url);
            if (host.isEmpty()) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "the URL names no host: " + redacted(url), null,
                        "the JDBC driver cannot use a Unix-domain socket or libpq's default host; "
                                + "name the host: postgres://USER:PASSWORD@localhost:5432/DATABASE");
            }
            if (host.startsWith("/")) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "the URL names a Unix-domain socket: " + redacted(url), null,
                        "the JDBC driver cannot use one; name the host: postgres://USER:PASSWORD@localhost:5432/DATABASE");
            }
            // the parts are not quoted in these messages: in a URL whose password was not encoded, they may be pieces of it
            if (host.contains("/") || host.contains("@") || host.contains(":") && !host.startsWith("[")) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "a host is not a host name in " + redacted(url), null, ENCODE);
            }
            if (!port.isEmpty() && (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "a port is not a number from 1 to 65535 in " + redacted(url), null, ENCODE);
            }
            hosts.add(port.isEmpty() ? host : host + ":" + port);
        }
        return String.join(",", hosts);
    }

    /** Percent-decoding as in RFC 3986 (a {@code +} stays a plus), strict about malformed escapes. */
    static String decode(String s, String url) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "a '%' is not followed by two hexadecimal digits in " + redacted(url), null,
                        ENCODE);
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The driver decodes the JDBC URL's database and values with {@code URLDecoder}, so they are encoded for it. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * {@code url} with its password replaced, so that an error message never shows it. It masks from the
     * first {@code :} after the scheme to the last {@code @}, which may hide more than the password of a
     * mistyped URL, never less.
     */
    static String redacted(String url) {
        String r = url.replaceAll("([?&]password=)[^&]*", "$1***");
        int start = r.indexOf("://") + 3;
        int at = r.lastIndexOf('@');
        int colon = r.indexOf(':', start);
        if (start >= 3 && colon >= 0 && colon < at) {
            return r.substring(0, colon + 1) + "***" + r.substring(at);
        }
        return r;
    }
}
