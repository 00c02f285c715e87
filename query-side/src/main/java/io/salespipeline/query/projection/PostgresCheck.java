package io.salespipeline.query.projection;

import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether a data source is PostgreSQL (else H2, the standalone default): asked of a connection at the first use,
 * then known. Where PostgreSQL has a faster way than portable SQL ({@code COPY}, an offset per row of a list).
 */
public final class PostgresCheck {

    private final DataSource dataSource;
    private volatile Boolean postgres;

    public PostgresCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean holds() {
        Boolean known = postgres;
        if (known == null) {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                known = connection.isWrapperFor(PGConnection.class);
            } catch (SQLException e) {
                known = false;
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
            postgres = known;
        }
        return known;
    }
}
