package io.matview.internal.sqltest;

import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * The connections SQL tests need: to the applied database without a pool (PostgreSQL copies a
 * database only while no other session is connected to it, and a pool keeps idle ones), and to a
 * throwaway database on the same server.
 */
public final class SqlTestDatabases {
    private SqlTestDatabases() {
    }

    /** The data source behind a HikariCP pool when there is one; else {@code dataSource} itself. */
    public static DataSource withoutPool(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource pool) {
            if (pool.getDataSource() != null) {
                return pool.getDataSource();
            }
            if (pool.getJdbcUrl() != null) {
                PGSimpleDataSource direct = new PGSimpleDataSource();
                direct.setURL(pool.getJdbcUrl());
                direct.setUser(pool.getUsername());
                direct.setPassword(pool.getPassword());
                return direct;
            }
        }
        return dataSource;
    }

    /** Data sources for other databases of the same server, or {@code null} when the data source does not say how to reach them. */
    public static Function<String, DataSource> otherDatabase(DataSource dataSource) {
        if (!(dataSource instanceof BaseDataSource base)) {
            return null;
        }
        return name -> {
            PGSimpleDataSource other = new PGSimpleDataSource();
            other.setURL(base.getURL());
            other.setUser(base.getUser());
            other.setPassword(base.getPassword());
            other.setDatabaseName(name);
            return other;
        };
    }
}
