package io.matview.sqltest;

/** How a SQL test file was kept from persisting anything and from seeing another file's data. */
public enum SqlTestIsolation {
    /** In one transaction on the applied database, rolled back at the end of the file. */
    TRANSACTION,
    /**
     * In a throwaway database copied from the applied database and dropped at the end of the file:
     * for files whose steps cannot run in the file's transaction (a refresh, which Matview runs and
     * commits on a connection of its own; statements PostgreSQL refuses in a transaction block).
     */
    THROWAWAY_DATABASE
}
