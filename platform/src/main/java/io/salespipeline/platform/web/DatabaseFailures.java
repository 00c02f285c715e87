package io.salespipeline.platform.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells what a failure means by its cause chain, whatever layer wrapped it (Axon's event store, JPA,
 * JDBC, Spring's transactions): the database is unreachable (the client may retry: 503), or a write hit
 * a unique key (a concurrent change: 409). Only standard JDBC and Spring types are looked at, so the
 * answer does not depend on how the event store is stored.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The database could not be reached, or the connection to it broke. */
    public static boolean isUnavailable(Throwable failure) {
        return causes(failure).stream().anyMatch(DatabaseFailures::meansUnavailable);
    }

    /** A write was refused by a unique key, e.g. two appends at the same (aggregate, sequence). */
    public static boolean isDuplicateKey(Throwable failure) {
        return causes(failure).stream().anyMatch(c -> c instanceof DuplicateKeyException
                || c instanceof SQLException sql && "23505".equals(sql.getSQLState()));
    }

    private static boolean meansUnavailable(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                || cause instanceof SQLRecoverableException) {
            return true;
        }
        if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                || cause instanceof TransientDataAccessResourceException) {
            return true; // incl. CannotGetJdbcConnectionException
        }
        return cause instanceof SQLException sql && isConnectionState(sql.getSQLState());
    }

    /**
     * SQLSTATE class 08 (connection exception), PostgreSQL's 57P01-57P03 (server shutting down or
     * starting), 53300 (too many connections), H2's 90121 (database closed).
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300") || state.equals("90121"));
    }

    private static Set<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = failure; c != null && seen.size() < 64 && seen.add(c); c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getNextException() != null) {
                seen.add(sql.getNextException());
            }
        }
        return seen;
    }
}
