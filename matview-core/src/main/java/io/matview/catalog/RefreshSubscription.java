package io.matview.catalog;

/**
 * A running subscription to the {@link RefreshNotification}s of every process on a database
 * ({@code Matview.listen}); closing it stops listening.
 */
public interface RefreshSubscription extends AutoCloseable {

    /** Whether notifications are arriving now; while not, a caller must read what changed from the database. */
    boolean listening();

    @Override
    void close();
}
