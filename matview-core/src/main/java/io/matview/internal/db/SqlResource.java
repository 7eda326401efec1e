package io.matview.internal.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SQL that is longer than a line lives in {@code .sql} resources beside the class that runs it. */
public final class SqlResource {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlResource() {
    }

    /** The text of resource {@code name} in {@code owner}'s package. */
    public static String load(Class<?> owner, String name) {
        String path = owner.getPackageName().replace('.', '/') + "/" + name;
        return CACHE.computeIfAbsent(path, p -> {
            try (InputStream in = owner.getClassLoader().getResourceAsStream(p)) {
                if (in == null) {
                    throw new IllegalStateException("missing SQL resource " + p);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read SQL resource " + p, e);
            }
        });
    }
}
