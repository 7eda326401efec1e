package io.matview.server;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline, never for a guessed time. */
final class Eventually {
    private Eventually() {
    }

    /** The first value {@code get} returns that satisfies {@code done}; fails after 10 s without one. */
    static <T> T poll(Supplier<T> get, Predicate<T> done) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(get::get, done::test);
    }
}
