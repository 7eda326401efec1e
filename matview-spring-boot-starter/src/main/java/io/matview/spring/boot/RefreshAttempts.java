package io.matview.spring.boot;

import io.matview.refresh.RefreshLogEntry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The refresh attempts of this instance, handed to whoever registered: Matview takes one listener
 * when it is built, and the metrics are bound to it later.
 */
final class RefreshAttempts implements Consumer<RefreshLogEntry> {
    private final List<Consumer<RefreshLogEntry>> listeners = new CopyOnWriteArrayList<>();

    void add(Consumer<RefreshLogEntry> listener) {
        listeners.add(listener);
    }

    @Override
    public void accept(RefreshLogEntry entry) {
        listeners.forEach(l -> l.accept(entry));
    }
}
