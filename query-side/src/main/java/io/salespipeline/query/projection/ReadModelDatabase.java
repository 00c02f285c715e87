package io.salespipeline.query.projection;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Which database the read models are in, asked once (on the first use, not at start-up): PostgreSQL gets what
 * only it has (planner statistics refreshed where autovacuum is off, a transaction's isolation set by its first
 * statement); other databases (H2) the portable way.
 */
@Component
public class ReadModelDatabase {

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    public ReadModelDatabase(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether it is PostgreSQL; fails as a database access does when the database cannot be reached. */
    public boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            known = jdbc.execute((ConnectionCallback<Boolean>) c ->
                    c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres"));
            postgres = known;
        }
        return known;
    }
}
