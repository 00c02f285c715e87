package io.salespipeline.platform.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether the database answers right now: a connection from the pool (which waits at most its
 * connection timeout) that passes {@link Connection#isValid}. Asked only when a request failed in a way
 * its cause chain does not explain (a driver's own error on a connection that broke, a pool's closed
 * connection); the answer is kept for half a second so that a burst of failures asks once.
 */
@Component
public class DatabaseProbe {

    private static final long KEEP_NANOS = 500_000_000L;

    private final ObjectProvider<DataSource> dataSource;
    private volatile long checkedAt = Long.MIN_VALUE;
    private volatile boolean reachable = true;

    public DatabaseProbe(ObjectProvider<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    public boolean isReachable() {
        long now = System.nanoTime();
        if (now - checkedAt < KEEP_NANOS) {
            return reachable;
        }
        DataSource source = dataSource.getIfAvailable();
        boolean answer = true;
        if (source != null) {
            try (Connection connection = source.getConnection()) {
                answer = connection.isValid(1);
            } catch (SQLException | RuntimeException e) {
                answer = false;
            }
        }
        reachable = answer;
        checkedAt = System.nanoTime();
        return answer;
    }
}
