package io.matview.junit;

import javax.sql.DataSource;

/** The database the SQL tests of one {@code dynamicTests()} call run on, and what to do with it afterwards. */
interface TestDatabase extends AutoCloseable {
    DataSource dataSource();

    @Override
    void close();

    /** The user's database: used as it is, left open. */
    static TestDatabase given(DataSource dataSource) {
        return new TestDatabase() {
            @Override
            public DataSource dataSource() {
                return dataSource;
            }

            @Override
            public void close() {
            }
        };
    }
}
